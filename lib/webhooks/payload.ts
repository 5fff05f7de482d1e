// What a webhook delivery says: Wharf's own event (stored with the delivery) and the three
// bodies it can be sent as. Pure: the worker, tests and the docs example share it.
//
// - `wharf`: the event itself.
// - `cloudevents`: CloudEvents 1.0, structured mode (the event in `data`).
// - `harbor`: the field layout of Harbor's "Default" payload (src/pkg/notifier/model/event.go:
//   type, occur_at, operator, event_data.resources[], event_data.repository), so receivers
//   written for Harbor work unchanged.
import { createHmac } from 'node:crypto';
import type { DeliveryEventType, WebhookFormat } from '@/lib/webhooks/types';

export type WharfEvent = {
  /** Stable: the same for every attempt and redelivery (registry events: the registry's id). */
  id: string;
  type: DeliveryEventType;
  /** ISO 8601. */
  time: string;
  project: string;
  /** Whether the project is public (Harbor's repo_type). */
  projectPublic?: boolean;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  mediaType?: string | null;
  actor: { name: string; kind: string } | null;
  /** member: {member, role, change}; quota: whatever the quota code says. */
  detail?: Record<string, unknown>;
};

const HARBOR_TYPES: Record<DeliveryEventType, string> = {
  push: 'PUSH_ARTIFACT',
  pull: 'PULL_ARTIFACT',
  delete: 'DELETE_ARTIFACT',
  quota: 'QUOTA_EXCEED',
  member: 'PROJECT_MEMBER',
  test: 'PING',
};

function harborBody(e: WharfEvent, registryHost: string) {
  const type = e.type === 'quota' && e.detail?.level === 'warning' ? 'QUOTA_WARNING' : HARBOR_TYPES[e.type];
  const reference = e.tag ?? e.digest;
  const repository = e.repository
    ? {
        name: e.repository.slice(e.repository.indexOf('/') + 1),
        namespace: e.project,
        repo_full_name: e.repository,
        repo_type: e.projectPublic ? 'public' : 'private',
      }
    : undefined;
  const resources =
    e.repository && reference
      ? [
          {
            ...(e.digest ? { digest: e.digest } : {}),
            tag: reference,
            resource_url: `${registryHost}/${e.repository}${e.tag ? ':' : '@'}${reference}`,
          },
        ]
      : undefined;
  const custom = e.detail
    ? Object.fromEntries(
        Object.entries(e.detail).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      )
    : undefined;
  return {
    type,
    occur_at: Math.floor(Date.parse(e.time) / 1000),
    operator: e.actor?.name ?? '',
    event_data: {
      ...(resources ? { resources } : {}),
      ...(repository ? { repository } : {}),
      ...(custom ? { custom_attributes: custom } : {}),
    },
  };
}

/** The body and its content type for a webhook's format. */
export function renderPayload(
  e: WharfEvent,
  format: WebhookFormat,
  ctx: { wharfUrl: string; registryHost: string },
): { body: string; contentType: string } {
  if (format === 'cloudevents') {
    const subject = e.repository
      ? `${e.repository}${e.tag ? ':' + e.tag : e.digest ? '@' + e.digest : ''}`
      : undefined;
    return {
      contentType: 'application/cloudevents+json',
      body: JSON.stringify({
        specversion: '1.0',
        id: e.id,
        source: `${ctx.wharfUrl}/projects/${encodeURIComponent(e.project)}`,
        type: `io.wharf.${e.type}`,
        time: e.time,
        ...(subject ? { subject } : {}),
        datacontenttype: 'application/json',
        data: e,
      }),
    };
  }
  if (format === 'harbor')
    return { contentType: 'application/json', body: JSON.stringify(harborBody(e, ctx.registryHost)) };
  return { contentType: 'application/json', body: JSON.stringify(e) };
}

/** `X-Wharf-Signature`: `sha256=` and the hex HMAC-SHA256 of the raw body with the webhook's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Seconds to wait before attempt `n + 1` after `n` failed attempts: 2, 4, 8 … up to 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 2 ** Math.min(attempts, 20));
}

/** Deliveries are retried for this long after they were queued, then marked failed. */
export const RETRY_WINDOW_SECONDS = 6 * 3600;
