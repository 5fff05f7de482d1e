import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui/card';
import { TabNav } from '@/components/ui/tab-nav';
import { requireAdminPage } from '@/lib/auth/page-access';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <>
      <PageHeader
        title="Administration"
        description="Users, authentication, the audit log and system settings."
      />
      <TabNav
        label="Administration"
        tabs={[
          { href: '/admin', label: 'Overview', exact: true },
          { href: '/admin/users', label: 'Users' },
          { href: '/admin/robots', label: 'Robots' },
          { href: '/admin/audit', label: 'Audit log' },
          { href: '/admin/authentication', label: 'Authentication' },
          { href: '/admin/system', label: 'System' },
        ]}
      />
      {children}
    </>
  );
}
