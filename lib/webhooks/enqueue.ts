// Queuing webhook deliveries: one row per (event, subscribed enabled webhook of the project),
// written in PostgreSQL so that a restart loses nothing; the worker (lib/webhooks/worker.ts)
// sends them. Registry events are queued in the ingest transaction (queueRegistryWebhooks);
// everything else (members, quotas) through enqueueWebhookEvent.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { db, type Prisma } from '@/lib/db';
import { log } from '@/lib/log';
import type { WharfEvent } from '@/lib/webhooks/payload';
import type { WebhookEventType } from '@/lib/webhooks/types';
import { nudgeWebhookWorker } from '@/lib/webhooks/worker';

export type WebhookEventInput = {
  type: WebhookEventType;
  repository?: string | null;
  tag?: string | null;
  digest?: string | null;
  actor?: { name: string; kind: string } | null;
  detail?: Record<string, unknown>;
  /** A stable id when the event has one already (else a new UUID). */
  id?: string;
  time?: Date;
};

/**
 * Queues an event for the project's webhooks that subscribe to its type. Never throws: a
 * failure to queue is logged and must not fail the change that caused the event. Quotas
 * (issue 16) call it with `{ type: 'quota', detail: { level, message, … } }`. `project` is the
 * row the caller's permission check read (lib/projects/access.ts).
 */
export async function enqueueWebhookEvent(
  project: { id: number; name: string; isPublic: boolean },
  input: WebhookEventInput,
): Promise<number> {
  const projectName = project.name;
  try {
    // The caller has the project from its permission check: one query for the subscribers.
    const webhooks = await db.webhook.findMany({
      where: { projectId: project.id, enabled: true, events: { has: input.type } },
      select: { id: true },
    });
    if (!webhooks.length) return 0;
    const event: WharfEvent = {
      id: input.id ?? randomUUID(),
      type: input.type,
      time: (input.time ?? new Date()).toISOString(),
      project: projectName,
      projectPublic: project.isPublic,
      repository: input.repository ?? null,
      tag: input.tag ?? null,
      digest: input.digest ?? null,
      actor: input.actor ?? null,
      ...(input.detail ? { detail: input.detail } : {}),
    };
    const { count } = await db.webhookDelivery.createMany({
      data: webhooks.map((w) => ({
        webhookId: w.id,
        eventId: event.id,
        eventType: event.type,
        event: event as unknown as Prisma.InputJsonObject,
      })),
    });
    nudgeWebhookWorker();
    return count;
  } catch (err) {
    log.error('webhook event could not be queued', { project: projectName, type: input.type, err });
    return 0;
  }
}

/**
 * Queues registry events (push, delete, pull) inside the ingest transaction, in their order:
 * one statement for the batch, joined with the projects' subscribed webhooks.
 */
export async function queueRegistryWebhooks(client: PoolClient, events: WharfEvent[]): Promise<number> {
  if (!events.length) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO "WebhookDelivery" ("webhookId", "eventId", "eventType", event)
     SELECT w.id, x.id, x.type, x.ev || jsonb_build_object('projectPublic', p."isPublic")
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS x(project, type, id, ev, n)
       JOIN "Project" p ON p.name = x.project
       JOIN "Webhook" w ON w."projectId" = p.id AND w.enabled AND x.type = ANY(w.events)
      ORDER BY x.n, w.id`,
    [
      events.map((e) => e.project),
      events.map((e) => e.type),
      events.map((e) => e.id),
      events.map((e) => JSON.stringify(e)),
    ],
  );
  return rowCount ?? 0;
}
