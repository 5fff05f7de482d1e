import type { Metadata } from 'next';
import { AccessTokens, DockerLogins } from '@/components/account/access-tokens';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { Card, PageHeader } from '@/components/ui/card';
import { DetailList } from '@/components/ui/detail-list';
import { requireUser } from '@/lib/auth/session';
import { formatDate } from '@/lib/format';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser();
  const isLdap = user.source === 'LDAP';
  const isOidc = user.source === 'OIDC';
  const SOURCES = { LOCAL: 'Local account', LDAP: 'LDAP directory', OIDC: 'Single sign-on (OpenID Connect)' };
  const rows: Array<[string, string]> = [
    ['Username', user.username],
    ['Display name', user.displayName ?? '—'],
    ['Email', user.email ?? '—'],
    ['Source', SOURCES[user.source]],
    ['Role', user.isAdmin ? 'System administrator' : 'User'],
    ['Last sign-in', formatDate(user.lastLoginAt)],
  ];
  return (
    <>
      <PageHeader title="Account" description="Your profile and sign-in details." />
      <div className="flex max-w-2xl flex-col gap-6">
        <Card>
          <DetailList
            rows={rows}
            className="grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]"
            valueClassName="font-medium break-all"
          />
        </Card>
        <Card>
          {isOidc ? (
            <>
              <h2 className="text-base font-semibold">Password</h2>
              <p className="text-muted mt-1 text-sm" data-testid="oidc-password-hint">
                You sign in through single sign-on and have no Wharf password. For docker, podman and other
                registry clients, create a personal access token below and use it as the password with your
                username.
              </p>
            </>
          ) : isLdap ? (
            <>
              <h2 className="text-base font-semibold">Password</h2>
              <p className="text-muted mt-1 text-sm">
                Your password belongs to the LDAP directory: change it there (or ask its administrators).
                Wharf uses the new one from your next sign-in.
              </p>
            </>
          ) : (
            <ChangePasswordForm />
          )}
        </Card>
        <AccessTokens />
        <DockerLogins />
      </div>
    </>
  );
}
