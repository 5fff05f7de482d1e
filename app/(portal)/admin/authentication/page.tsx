import type { Metadata } from 'next';
import { LdapTest } from '@/components/admin/ldap-test';
import { Card, EmptyState } from '@/components/ui/card';
import { ldapSettingsView } from '@/lib/ldap/diagnostics';

export const metadata: Metadata = { title: 'Authentication' };

export default function AuthenticationPage() {
  const s = ldapSettingsView();
  if (!s.enabled) {
    return (
      <EmptyState title="LDAP is off">
        Local accounts only. Set LDAP_URL and the other LDAP_* settings (see .env.example) to sign in with a
        directory.
      </EmptyState>
    );
  }
  const rows = Object.entries(s).filter(([k]) => k !== 'enabled');
  return (
    <div className="flex flex-col gap-6">
      <Card>
        <h2 className="text-lg font-semibold">LDAP settings</h2>
        <p className="text-muted mt-1 text-sm">
          Read-only: they come from the environment (LDAP_*). Passwords are never shown.
        </p>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem_1fr]">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-mono text-xs break-all">{v === null ? '—' : String(v)}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card>
        <h2 className="mb-3 text-lg font-semibold">Diagnostics</h2>
        <LdapTest />
      </Card>
    </div>
  );
}
