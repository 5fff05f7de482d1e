import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { requireAdmin } from '@/lib/auth/session';
import { getSystemOverview } from '@/lib/settings/overview';

export const metadata: Metadata = { title: 'Administration' };

export default async function AdminPage() {
  await requireAdmin();
  const overview = await getSystemOverview();
  return (
    <>
      <PageHeader title="Administration" description="Users, authentication and system settings." />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <p className="text-muted text-sm">Users</p>
          <p className="mt-1 text-3xl font-semibold" data-testid="user-count">
            {overview.users}
          </p>
        </Card>
        <Card>
          <p className="text-muted text-sm">Administrators</p>
          <p className="mt-1 text-3xl font-semibold">{overview.admins}</p>
        </Card>
        <Card>
          <p className="text-muted text-sm">Database</p>
          <p className="mt-1 text-lg font-semibold">{overview.databaseMode}</p>
        </Card>
      </div>
    </>
  );
}
