'use client';
import { NetworkRulesForm } from '@/components/access/network-rules-form';
import { useUpdateSettings } from '@/lib/query/use-settings';

/** The networks webhooks may target (one CIDR a line; empty: any public address). */
export function WebhookNetworksSetting({
  initial,
  allowPrivate,
}: {
  initial: string[];
  allowPrivate: boolean;
}) {
  const update = useUpdateSettings();
  return (
    <NetworkRulesForm
      id="webhook-networks"
      title="Webhook targets"
      intro="Where project webhooks may send their deliveries."
      fields={[
        {
          key: 'webhookAllowedNetworks',
          label: 'Networks webhooks may target',
          hint: `One network (CIDR) or address a line. Empty: any public address. Private networks listed here are allowed too; loopback and link-local addresses ${allowPrivate ? 'are allowed (WEBHOOK_ALLOW_PRIVATE=true)' : 'only with WEBHOOK_ALLOW_PRIVATE=true'}.`,
        },
      ]}
      initial={{ webhookAllowedNetworks: initial }}
      save={{
        mutate: (values, { onSuccess }) => update.mutate(values, { onSuccess }),
        isPending: update.isPending,
        error: update.error,
      }}
    />
  );
}
