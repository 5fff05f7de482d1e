import type { Metadata } from 'next';
import { NetworkDefaultsSetting } from '@/components/admin/network-defaults-setting';
import { ProjectCreationSetting } from '@/components/admin/project-creation-setting';
import { DefaultQuotaSetting } from '@/components/policies/quota-form';
import { WebhookNetworksSetting } from '@/components/admin/webhook-networks-setting';
import { Card } from '@/components/ui/card';
import { requireAdminPage } from '@/lib/auth/page-access';
import { auditTableStats } from '@/lib/audit/queries';
import { getEnv } from '@/lib/env';
import { formatDate } from '@/lib/format';
import { getSettings } from '@/lib/settings';
import { getSystemOverview } from '@/lib/system/overview';

export const metadata: Metadata = { title: 'Administration' };

export default async function AdminPage() {
  await requireAdminPage();
  const [overview, settings, audit] = await Promise.all([
    getSystemOverview(),
    getSettings(),
    auditTableStats(),
  ]);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
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
        <Card>
          <p className="text-muted text-sm">Audit events</p>
          <p className="mt-1 text-3xl font-semibold" data-testid="audit-count">
            {audit.rows}
          </p>
          <p className="text-muted mt-1 text-xs" data-testid="audit-oldest">
            oldest {formatDate(audit.oldest)}
          </p>
        </Card>
      </div>
      <Card className="mt-6 max-w-2xl">
        <h2 className="text-base font-semibold">Settings</h2>
        <p className="text-muted mt-1 mb-4 text-sm">Changes apply at once, for every user.</p>
        <ProjectCreationSetting initial={settings.projectCreation} />
        <div className="mt-4">
          <DefaultQuotaSetting initial={settings.defaultQuotaBytes} />
        </div>
      </Card>
      <NetworkDefaultsSetting
        initial={{
          defaultAnonymousPullCidrs: settings.defaultAnonymousPullCidrs,
          defaultPushCidrs: settings.defaultPushCidrs,
        }}
      />
      <WebhookNetworksSetting
        initial={settings.webhookAllowedNetworks}
        allowPrivate={getEnv().WEBHOOK_ALLOW_PRIVATE}
      />
    </>
  );
}
