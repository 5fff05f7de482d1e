// A project's webhooks (project admins): create (the signing secret is shown once), change,
// delete, the delivery log, "Redeliver" and "Send test". A URL is checked against the target
// policy when it is saved, and again at every delivery (lib/webhooks/send.ts).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { db, type Prisma } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { recordAudit } from '@/lib/audit/record';
import { auditActor, type Actor } from '@/lib/auth/actor';
import { newSecret } from '@/lib/auth/secrets';
import type { ProjectAction } from '@/lib/permissions';
import { requireProjectAccess } from '@/lib/projects/access';
import type { Page } from '@/lib/schemas';
import type { WharfEvent } from '@/lib/webhooks/payload';
import type { CreateWebhookInput, UpdateWebhookInput } from '@/lib/webhooks/schemas';
import { checkTarget } from '@/lib/webhooks/send';
import { nudgeWebhookWorker, targetPolicy } from '@/lib/webhooks/worker';

type Ctx = { actor: Actor; ip: string };

export const WEBHOOK_SECRET_PREFIX = 'wharf_whsec_';

type WebhookRow = Prisma.WebhookGetPayload<object>;

export type WebhookView = {
  id: number;
  url: string;
  events: string[];
  enabled: boolean;
  format: string;
  /** Whether an Authorization header is set (its value is never shown again). */
  hasAuthHeader: boolean;
  verifyTls: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  /** The newest delivery's status, if any. */
  lastDelivery?: { status: string; responseCode: number | null; at: string } | null;
};

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
};

const toView = (w: WebhookRow): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  enabled: w.enabled,
  format: w.format,
  hasAuthHeader: !!w.authHeader,
  verifyTls: w.verifyTls,
  createdBy: w.createdBy,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
});

const toDeliveryView = (d: Prisma.WebhookDeliveryGetPayload<object>): DeliveryView => ({
  id: d.id.toString(),
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  responseCode: d.responseCode,
  durationMs: d.durationMs,
  error: d.error,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
});

async function requireWebhook(actor: Actor, projectName: string, id: number, action: ProjectAction) {
  const { project } = await requireProjectAccess(projectName, actor, action);
  const webhook = await db.webhook.findFirst({ where: { id, projectId: project.id } });
  if (!webhook) throw notFound(`webhook ${id}`);
  return { project, webhook };
}

async function assertTarget(url: string) {
  try {
    await checkTarget(new URL(url), await targetPolicy());
  } catch (err) {
    throw new AppError('bad_request', `url: ${(err as Error).message}`, {
      details: [{ path: 'url', message: (err as Error).message }],
    });
  }
}

/** The URL as the audit log shows it: scheme and host only (a path or query may hold a token). */
const urlOrigin = (url: string) => new URL(url).origin;

async function audit(ctx: Ctx, action: string, project: string, detail: Prisma.InputJsonObject) {
  await recordAudit({
    ...auditActor(ctx.actor),
    action,
    targetType: 'project',
    target: project,
    sourceIp: ctx.ip,
    detail,
  });
}

export async function listWebhooks(actor: Actor, projectName: string): Promise<WebhookView[]> {
  const { project } = await requireProjectAccess(projectName, actor, 'webhooks.read');
  const hooks = await db.webhook.findMany({
    where: { projectId: project.id },
    orderBy: { id: 'asc' },
    include: { deliveries: { orderBy: { id: 'desc' }, take: 1 } },
  });
  return hooks.map(({ deliveries, ...w }) => ({
    ...toView(w),
    lastDelivery: deliveries[0]
      ? {
          status: deliveries[0].status,
          responseCode: deliveries[0].responseCode,
          at: (deliveries[0].lastAttemptAt ?? deliveries[0].createdAt).toISOString(),
        }
      : null,
  }));
}

export async function getWebhook(actor: Actor, projectName: string, id: number): Promise<WebhookView> {
  return toView((await requireWebhook(actor, projectName, id, 'webhooks.read')).webhook);
}

export async function createWebhook(ctx: Ctx, projectName: string, input: CreateWebhookInput) {
  const { project } = await requireProjectAccess(projectName, ctx.actor, 'webhooks.write');
  await assertTarget(input.url);
  const { secret } = newSecret(WEBHOOK_SECRET_PREFIX);
  const webhook = await db.webhook.create({
    data: {
      projectId: project.id,
      url: input.url,
      events: input.events,
      enabled: input.enabled,
      format: input.format,
      authHeader: input.authHeader ?? null,
      verifyTls: input.verifyTls,
      secret,
      createdBy: auditActor(ctx.actor).actor?.username ?? null,
    },
  });
  await audit(ctx, 'webhook.create', project.name, { webhook: webhook.id, url: urlOrigin(webhook.url) });
  return { ...toView(webhook), secret };
}

export async function updateWebhook(ctx: Ctx, projectName: string, id: number, patch: UpdateWebhookInput) {
  const { project } = await requireWebhook(ctx.actor, projectName, id, 'webhooks.write');
  if (patch.url !== undefined) await assertTarget(patch.url);
  const webhook = await db.webhook.update({ where: { id }, data: patch });
  await audit(ctx, 'webhook.update', project.name, {
    webhook: id,
    url: urlOrigin(webhook.url),
    changed: Object.keys(patch),
  });
  return toView(webhook);
}

export async function deleteWebhook(ctx: Ctx, projectName: string, id: number): Promise<void> {
  const { project, webhook } = await requireWebhook(ctx.actor, projectName, id, 'webhooks.write');
  await db.webhook.delete({ where: { id } });
  await audit(ctx, 'webhook.delete', project.name, { webhook: id, url: urlOrigin(webhook.url) });
}

export async function listDeliveries(
  actor: Actor,
  projectName: string,
  id: number,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<Page<DeliveryView>> {
  await requireWebhook(actor, projectName, id, 'webhooks.read');
  const [rows, total] = await Promise.all([
    db.webhookDelivery.findMany({
      where: { webhookId: id },
      orderBy: { id: 'desc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    db.webhookDelivery.count({ where: { webhookId: id } }),
  ]);
  return { items: rows.map(toDeliveryView), total, page, pageSize };
}

async function queueOne(webhookId: number, event: WharfEvent): Promise<DeliveryView> {
  const delivery = await db.webhookDelivery.create({
    data: {
      webhookId,
      eventId: event.id,
      eventType: event.type,
      event: event as unknown as Prisma.InputJsonObject,
    },
  });
  nudgeWebhookWorker();
  return toDeliveryView(delivery);
}

/** Queues a delivery's event again (same event id, a new delivery id), behind the webhook's queue. */
export async function redeliver(ctx: Ctx, projectName: string, id: number, deliveryId: bigint) {
  const { project } = await requireWebhook(ctx.actor, projectName, id, 'webhooks.write');
  const old = await db.webhookDelivery.findFirst({ where: { id: deliveryId, webhookId: id } });
  if (!old) throw notFound(`delivery ${deliveryId}`);
  const delivery = await queueOne(id, old.event as unknown as WharfEvent);
  await audit(ctx, 'webhook.redeliver', project.name, { webhook: id, delivery: deliveryId.toString() });
  return delivery;
}

/** Queues a `test` event (whatever the webhook subscribes to). */
export async function sendTest(ctx: Ctx, projectName: string, id: number) {
  const { project } = await requireWebhook(ctx.actor, projectName, id, 'webhooks.write');
  const actor = auditActor(ctx.actor).actor;
  return queueOne(id, {
    id: randomUUID(),
    type: 'test',
    time: new Date().toISOString(),
    project: project.name,
    projectPublic: project.isPublic,
    repository: null,
    tag: null,
    digest: null,
    actor: actor ? { name: actor.username, kind: 'user' } : null,
  });
}
