'use client';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { TextareaField } from '@/components/ui/field';
import { errorMessage } from '@/lib/query/api-client';
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
  const [saved, setSaved] = useState('');

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const networks = String(new FormData(e.currentTarget).get('networks') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    setSaved('');
    update.mutate({ webhookAllowedNetworks: networks }, { onSuccess: () => setSaved('Saved.') });
  }

  return (
    <form onSubmit={onSubmit} className="mt-6 flex flex-col gap-2">
      <TextareaField
        id="webhook-networks"
        name="networks"
        label="Networks webhooks may target"
        defaultValue={initial.join('\n')}
        placeholder="10.20.0.0/16"
        hint={`One network (CIDR) or address a line. Empty: any public address. Private networks listed here are allowed too; loopback and link-local addresses ${allowPrivate ? 'are allowed (WEBHOOK_ALLOW_PRIVATE=true)' : 'only with WEBHOOK_ALLOW_PRIVATE=true'}.`}
        error={update.error ? errorMessage(update.error) : undefined}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={update.isPending}>
          Save networks
        </Button>
        <span aria-live="polite" className="text-muted text-sm">
          {saved}
        </span>
      </div>
    </form>
  );
}
