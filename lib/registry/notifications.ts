// The registry's notifications (protocol.md §4): each event is stored once (by event id)
// and applied to repositories and tags. The registry retries failed deliveries forever and
// in order, so this answers 2xx for anything it does not care about, and fast.
import 'server-only';
import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';
import { db, Prisma } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { observe } from '@/lib/metrics';
import { getSettings } from '@/lib/settings';

export const EVENTS_MEDIA_TYPES = [
  'application/vnd.docker.distribution.events.v1+json',
  'application/vnd.docker.distribution.events.v2+json',
];

/** The `sub` of Wharf's own service tokens: its own reads produce pull events that are not users' pulls. */
export const PORTAL_SUBJECT = 'wharf-portal';

const eventSchema = z.object({
  id: z.string().min(1).max(128),
  timestamp: z.string().optional(),
  action: z.string(),
  target: z
    .object({
      mediaType: z.string().optional(),
      digest: z.string().max(100).optional(),
      repository: z.string().max(255).optional(),
      tag: z.string().max(128).optional(),
      size: z.number().optional(),
    })
    .passthrough()
    .default({}),
  actor: z.object({ name: z.string().optional() }).passthrough().optional(),
  request: z
    .object({ addr: z.string().optional(), useragent: z.string().optional() })
    .passthrough()
    .optional(),
});
export const envelopeSchema = z.object({ events: z.array(z.unknown()).max(1000) });
export type RegistryEvent = z.infer<typeof eventSchema>;

const MANIFEST_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

/** Constant-time check of `Authorization: Bearer <REGISTRY_NOTIFY_SECRET>`. */
export function isAuthorizedNotifier(authorization: string | null): boolean {
  const secret = getEnv().REGISTRY_NOTIFY_SECRET;
  if (!secret || !authorization?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(authorization.slice(7)).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

const eventTime = (e: RegistryEvent) => {
  const t = e.timestamp ? new Date(e.timestamp) : new Date();
  return Number.isNaN(t.getTime()) ? new Date() : t;
};

async function repositoryFor(name: string) {
  const projectName = name.split('/')[0]!;
  const project = await db.project.findUnique({ where: { name: projectName }, select: { id: true } });
  if (!project) return null; // pushes are only granted in existing projects; anything else is not ours
  return db.repository.upsert({
    where: { name },
    create: { name, projectId: project.id },
    update: { deleted: false },
    select: { id: true },
  });
}

async function applyEvent(e: RegistryEvent, ignorePulls: boolean): Promise<string> {
  const { repository, digest, tag, mediaType } = e.target;
  if (!repository) return 'ignored';
  const at = eventTime(e);
  if (e.action === 'push' && tag && digest && mediaType && MANIFEST_TYPES.has(mediaType)) {
    const repo = await repositoryFor(repository);
    if (!repo) return 'ignored';
    const pushedBy = e.actor?.name ?? null;
    await db.$transaction([
      db.tag.upsert({
        where: { repositoryId_name: { repositoryId: repo.id, name: tag } },
        create: { repositoryId: repo.id, name: tag, digest, pushedAt: at, pushedBy },
        update: { digest, pushedAt: at, pushedBy },
      }),
      db.repository.update({ where: { id: repo.id }, data: { lastPushAt: at } }),
    ]);
    return 'tag pushed';
  }
  if (e.action === 'delete') {
    const repo = await db.repository.findUnique({ where: { name: repository }, select: { id: true } });
    if (!repo) return 'ignored';
    const where: Prisma.TagWhereInput = tag
      ? { repositoryId: repo.id, name: tag }
      : digest
        ? { repositoryId: repo.id, digest }
        : { id: -1 };
    const { count } = await db.tag.deleteMany({ where });
    return `${count} tag(s) removed`;
  }
  if (
    e.action === 'pull' &&
    !ignorePulls &&
    e.actor?.name !== PORTAL_SUBJECT &&
    mediaType &&
    MANIFEST_TYPES.has(mediaType)
  ) {
    // At most one write a minute per repository: pulls are frequent.
    await db.repository.updateMany({
      where: {
        name: repository,
        OR: [{ lastPullAt: null }, { lastPullAt: { lt: new Date(at.getTime() - 60_000) } }],
      },
      data: { lastPullAt: at },
    });
    return 'pull recorded';
  }
  return 'ignored';
}

export type IngestResult = { received: number; applied: number; duplicates: number; invalid: number };

/** Stores and applies an envelope's events; duplicates (same event id) are skipped. */
export async function ingestEvents(raw: unknown): Promise<IngestResult> {
  const parsedEnvelope = envelopeSchema.safeParse(raw);
  if (!parsedEnvelope.success) {
    log.warn('registry notification without an events array ignored');
    return { received: 0, applied: 0, duplicates: 0, invalid: 1 };
  }
  const envelope = parsedEnvelope.data;
  const { ignorePullEvents } = await getSettings();
  const result: IngestResult = { received: envelope.events.length, applied: 0, duplicates: 0, invalid: 0 };
  for (const item of envelope.events) {
    const parsed = eventSchema.safeParse(item);
    if (!parsed.success) {
      result.invalid += 1;
      continue;
    }
    const e = parsed.data;
    const interesting =
      e.action !== 'pull' ||
      (!ignorePullEvents && e.target.mediaType && MANIFEST_TYPES.has(e.target.mediaType));
    if (!interesting || (e.target.mediaType === 'application/octet-stream' && e.action !== 'delete'))
      continue;
    // The unique registryEventId makes a redelivered event a no-op.
    const inserted = await db.auditEvent.createMany({
      data: [
        {
          actorName: (e.actor?.name ?? 'anonymous').slice(0, 128),
          action: `registry.${e.action}`.slice(0, 64),
          targetType: 'repository',
          target:
            `${e.target.repository ?? ''}${e.target.tag ? ':' + e.target.tag : e.target.digest ? '@' + e.target.digest : ''}`.slice(
              0,
              512,
            ),
          sourceIp: e.request?.addr?.replace(/:\d+$/, '').slice(0, 64),
          registryEventId: e.id,
          at: eventTime(e),
          detail: {
            mediaType: e.target.mediaType ?? null,
            digest: e.target.digest ?? null,
            userAgent: e.request?.useragent?.slice(0, 200) ?? null,
          },
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 0) {
      result.duplicates += 1;
      continue;
    }
    const outcome = await applyEvent(e, ignorePullEvents);
    observe(
      'wharf_notification_lag_seconds',
      'Time from a registry event to its processing',
      Math.max(0, (Date.now() - eventTime(e).getTime()) / 1000),
      [0.1, 0.5, 1, 5, 30, 120, 600],
    );
    if (outcome !== 'ignored') result.applied += 1;
    log.debug('registry event', { id: e.id, action: e.action, repository: e.target.repository, outcome });
  }
  return result;
}
