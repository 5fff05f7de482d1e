import { PROJECT_ACTIONS, PROJECT_ROLES, ROLE_LABELS, ROLE_PERMISSIONS } from '@/lib/permissions';

/** What each role may do, read from the one permission table. */
export function RolesHelp() {
  return (
    <details className="border-border bg-surface mt-6 rounded-lg border px-5 py-3 text-sm">
      <summary className="cursor-pointer font-medium">What each role can do</summary>
      <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
        {PROJECT_ROLES.map((role) => (
          <div key={role} className="contents">
            <dt className="font-medium">{ROLE_LABELS[role]}</dt>
            <dd className="text-muted">
              {PROJECT_ACTIONS.filter((a) => ROLE_PERMISSIONS[a].roles.includes(role))
                .map((a) => ROLE_PERMISSIONS[a].description)
                .join('; ')}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
