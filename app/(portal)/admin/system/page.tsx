import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { DetailList } from '@/components/ui/detail-list';
import { formatDate } from '@/lib/format';
import { getSystemInfo } from '@/lib/system/info';

export const metadata: Metadata = { title: 'System' };
export const dynamic = 'force-dynamic';

export default async function SystemPage() {
  const info = await getSystemInfo();
  const rows: Array<[string, string]> = [
    ['Version', info.version],
    ['Public URL', info.publicUrl],
    ['Sign-in', info.authModes.join(', ')],
    [
      'Self-registration',
      info.selfRegistration ? 'on' : 'off (admins create users; LDAP users appear at first sign-in)',
    ],
    [
      'Project creation',
      info.projectCreation === 'everyone' ? 'every signed-in user' : 'system administrators only',
    ],
    [
      'Registry (Wharf → registry)',
      `${info.registry.url} — ${info.registry.reachable ? `reachable (${info.registry.latencyMs} ms)` : `unreachable: ${info.registry.error}`}`,
    ],
    [
      'Registry process',
      info.registry.embedded === null
        ? 'external (REGISTRY_URL)'
        : `embedded, started by Wharf — ${info.registry.embedded}`,
    ],
    ['Registry host for pulls', `${info.registry.publicHost} — ${info.registry.publicHostDetail}`],
    ['Registry storage', info.storageDriver],
    ['Token realm / service / issuer', `${info.token.realm} · ${info.token.service} · ${info.token.issuer}`],
    ['Token lifetime', `${Math.round(info.token.lifetimeSeconds / 60)} min`],
    ['Database', info.database],
    [
      'Robots',
      `expire within ${info.robots.maxExpiryDays} days${info.robots.neverExpireAllowed ? ', "never" allowed' : ''}`,
    ],
    [
      'Notifications',
      info.notificationsConfigured
        ? 'accepted (REGISTRY_NOTIFY_SECRET set)'
        : 'off: set REGISTRY_NOTIFY_SECRET',
    ],
    [
      'Last reconcile',
      info.reconcile
        ? `${formatDate(info.reconcile.finishedAt)}${info.reconcile.error ? ` — failed: ${info.reconcile.error}` : ` — ${info.reconcile.drift} change(s)`}`
        : 'not yet',
    ],
    ['/metrics', info.metricsProtected ? 'needs METRICS_TOKEN' : 'open (set METRICS_TOKEN to protect it)'],
  ];
  return (
    <Card>
      <h2 className="text-lg font-semibold">System</h2>
      <DetailList
        rows={rows}
        className="mt-3 grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[16rem_1fr]"
        data-testid="system-info"
      />
    </Card>
  );
}
