'use client';
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/card';
import { CheckboxField, Field, SelectField } from '@/components/ui/field';
import { SecretNotice } from '@/components/ui/form';
import { PanelForm } from '@/components/ui/panel-form';
import { ActionsTh, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatDate } from '@/lib/format';
import { errorMessage } from '@/lib/query/api-client';
import { useDeliveries, useWebhookMutations, useWebhooks, type WebhookView } from '@/lib/query/use-webhooks';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS } from '@/lib/webhooks/types';

const STATUS_TONE: Record<string, BadgeTone> = { delivered: 'success', pending: 'warning', failed: 'danger' };

function Deliveries({
  project,
  hook,
  canManage,
}: {
  project: string;
  hook: WebhookView;
  canManage: boolean;
}) {
  const deliveries = useDeliveries(project, hook.id);
  const { redeliver } = useWebhookMutations(project);
  const items = deliveries.data?.items ?? [];
  if (!items.length) return <p className="text-muted text-sm">No deliveries yet.</p>;
  return (
    <Table label={`Deliveries of webhook ${hook.id}`}>
      <THead>
        <Th>Delivery</Th>
        <Th>Event</Th>
        <Th>Status</Th>
        <Th>Response</Th>
        <Th>Duration</Th>
        <Th>Attempts</Th>
        <Th>Last attempt</Th>
        <ActionsTh />
      </THead>
      <tbody>
        {items.map((d) => (
          <Tr key={d.id}>
            <Td className="font-mono text-xs">{d.id}</Td>
            <Td>{d.eventType}</Td>
            <Td>
              <Badge tone={STATUS_TONE[d.status] ?? 'neutral'}>{d.status}</Badge>
              {d.error ? <span className="text-muted ml-2 text-xs">{d.error}</span> : null}
            </Td>
            <Td>{d.responseCode ?? '—'}</Td>
            <Td>{d.durationMs === null ? '—' : `${d.durationMs} ms`}</Td>
            <Td>{d.attempts}</Td>
            <Td className="whitespace-nowrap">{formatDate(d.lastAttemptAt)}</Td>
            <Td className="text-right">
              {canManage ? (
                <Button variant="ghost" onClick={() => redeliver.mutate({ id: hook.id, deliveryId: d.id })}>
                  Redeliver
                </Button>
              ) : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A project's webhooks: add (the secret is shown once), enable/disable, test, delete, deliveries. */
export function WebhooksPanel({ project, canManage }: { project: string; canManage: boolean }) {
  const hooks = useWebhooks(project);
  const { create, update, remove, test } = useWebhookMutations(project);
  const [secret, setSecret] = useState<{ id: number; secret: string } | null>(null);
  const [open, setOpen] = useState<number | null>(null);

  async function onCreate(form: FormData) {
    const res = await create.mutateAsync({
      url: String(form.get('url') ?? ''),
      events: WEBHOOK_EVENT_TYPES.filter((t) => form.get(`event-${t}`) === 'on'),
      format: String(form.get('format')) as (typeof WEBHOOK_FORMATS)[number],
      authHeader: String(form.get('authHeader') ?? '') || undefined,
      verifyTls: form.get('verifyTls') === 'on',
      enabled: true,
    });
    setSecret({ id: res.id, secret: res.secret });
  }

  return (
    <div className="flex flex-col gap-4">
      <PanelForm
        denial={canManage ? undefined : 'Only project admins can manage webhooks.'}
        label="Add a webhook"
        submitLabel="Add webhook"
        pending={create.isPending}
        onSubmit={onCreate}
        describeError={errorMessage}
      >
        <Field
          id="webhook-url"
          name="url"
          label="Payload URL"
          type="url"
          required
          placeholder="https://ci.example.com/hook"
        />
        <SelectField id="webhook-format" name="format" label="Payload format" defaultValue="wharf">
          <option value="wharf">Wharf</option>
          <option value="cloudevents">CloudEvents 1.0</option>
          <option value="harbor">Harbor (Default)</option>
        </SelectField>
        <fieldset className="flex flex-wrap items-center gap-4 text-sm">
          <legend className="mb-1 text-sm font-medium">Events</legend>
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1.5">
              <input type="checkbox" name={`event-${t}`} defaultChecked={t === 'push'} /> {t}
            </label>
          ))}
        </fieldset>
        <Field
          id="webhook-auth"
          name="authHeader"
          label="Authorization header (optional)"
          placeholder="Bearer …"
          autoComplete="off"
        />
        <CheckboxField id="webhook-tls" name="verifyTls" label="Verify TLS certificates" defaultChecked />
      </PanelForm>
      {secret ? (
        <SecretNotice
          message={`Signing secret of webhook ${secret.id}: copy it now, it is not shown again. Deliveries carry X-Wharf-Signature: sha256=HMAC-SHA256(body, secret).`}
          label={`Secret of webhook ${secret.id}`}
          value={secret.secret}
        />
      ) : null}
      {hooks.data?.length === 0 ? (
        <EmptyState title="No webhooks yet">Add one to tell other systems about pushes.</EmptyState>
      ) : null}
      {hooks.data?.map((h) => (
        <section
          key={h.id}
          aria-label={`Webhook ${h.url}`}
          className="border-border bg-surface flex flex-col gap-3 rounded-lg border p-4"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-sm break-all">{h.url}</span>
            <Badge tone={h.enabled ? 'success' : 'neutral'}>{h.enabled ? 'enabled' : 'disabled'}</Badge>
            <Badge>{h.format}</Badge>
            <span className="text-muted text-sm">{h.events.join(', ')}</span>
            <span className="ml-auto flex gap-1">
              <Button
                variant="ghost"
                onClick={() => setOpen(open === h.id ? null : h.id)}
                aria-expanded={open === h.id}
              >
                Deliveries
              </Button>
              {canManage ? (
                <>
                  <Button
                    variant="ghost"
                    onClick={() => test.mutate(h.id, { onSuccess: () => setOpen(h.id) })}
                  >
                    Send test
                  </Button>
                  <Button variant="ghost" onClick={() => update.mutate({ id: h.id, enabled: !h.enabled })}>
                    {h.enabled ? 'Disable' : 'Enable'}
                  </Button>
                  <Button variant="ghost" className="text-danger" onClick={() => remove.mutate(h.id)}>
                    Delete
                  </Button>
                </>
              ) : null}
            </span>
          </div>
          {open === h.id ? <Deliveries project={project} hook={h} canManage={canManage} /> : null}
        </section>
      ))}
    </div>
  );
}
