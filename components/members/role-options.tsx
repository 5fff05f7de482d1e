import { PROJECT_ROLES, ROLE_LABELS } from '@/lib/permissions';

/** The project roles as the options of a role select, lowest first. */
export function RoleOptions() {
  return PROJECT_ROLES.map((r) => (
    <option key={r} value={r}>
      {ROLE_LABELS[r]}
    </option>
  ));
}
