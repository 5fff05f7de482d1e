import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const user = await requireUser();
  const rows: Array<[string, string]> = [
    ['Username', user.username],
    ['Display name', user.displayName ?? '—'],
    ['Email', user.email ?? '—'],
    ['Source', user.source === 'LDAP' ? 'LDAP directory' : 'Local account'],
    ['Role', user.isAdmin ? 'System administrator' : 'User'],
    [
      'Last sign-in',
      user.lastLoginAt ? user.lastLoginAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—',
    ],
  ];
  return (
    <>
      <PageHeader title="Account" description="Your profile and sign-in details." />
      <Card className="max-w-2xl">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-medium break-all">{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </>
  );
}
