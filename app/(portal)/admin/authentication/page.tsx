import type { Metadata } from 'next';
import { LdapTest } from '@/components/admin/ldap-test';
import { OidcTest } from '@/components/admin/oidc-test';
import { Card, EmptyState } from '@/components/ui/card';
import { ldapSettingsView } from '@/lib/ldap/diagnostics';
import { oidcSettingsView } from '@/lib/oidc/diagnostics';

export const metadata: Metadata = { title: 'Authentication' };

function SettingsList({ settings }: { settings: Record<string, unknown> }) {
  return (
    <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[14rem_1fr]">
      {Object.entries(settings)
        .filter(([k]) => k !== 'enabled')
        .map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-muted">{k}</dt>
            <dd className="font-mono text-xs break-all">{v === null ? '—' : String(v)}</dd>
          </div>
        ))}
    </dl>
  );
}

export default function AuthenticationPage() {
  const ldap = ldapSettingsView();
  const oidc = oidcSettingsView();
  return (
    <div className="flex flex-col gap-6">
      {ldap.enabled ? (
        <>
          <Card>
            <h2 className="text-lg font-semibold">LDAP settings</h2>
            <p className="text-muted mt-1 text-sm">
              Read-only: they come from the environment (LDAP_*). Passwords are never shown.
            </p>
            <SettingsList settings={ldap} />
          </Card>
          <Card>
            <h2 className="mb-3 text-lg font-semibold">Diagnostics</h2>
            <LdapTest />
          </Card>
        </>
      ) : (
        <EmptyState title="LDAP is off">
          Set LDAP_URL and the other LDAP_* settings (see .env.example) to sign in with a directory.
        </EmptyState>
      )}
      {oidc.enabled ? (
        <Card>
          <h2 className="text-lg font-semibold">OpenID Connect</h2>
          <p className="text-muted mt-1 text-sm">
            Read-only: they come from the environment (OIDC_*). The client secret is never shown.
          </p>
          <SettingsList settings={oidc} />
          <div className="mt-4">
            <OidcTest />
          </div>
        </Card>
      ) : (
        <EmptyState title="OpenID Connect is off">
          Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see .env.example) to sign in through an
          identity provider beside local and LDAP accounts.
        </EmptyState>
      )}
    </div>
  );
}
