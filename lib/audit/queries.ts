// Reading the audit log: a filtered page (newest first) and a streamed export of the whole
// filtered set. The export walks the table in keyset pages of EXPORT_BATCH rows, one page per
// pull of the response stream, so a slow client holds back the reads and a million rows are
// never in memory at once.
import 'server-only';
import { NextResponse } from 'next/server';
import { db, type Prisma } from '@/lib/db';
import { csvRow } from '@/lib/audit/csv';
import type { AuditFilter, AuditQuery } from '@/lib/audit/schemas';
import { requireAdminActor, type Actor } from '@/lib/auth/actor';
import { requireProjectAccess } from '@/lib/projects/access';
import type { Page } from '@/lib/schemas';

/**
 * Rows counted for a page's total; beyond it the total reads "10000+" (totalIsLowerBound):
 * counting a million rows on every page would cost more than the page.
 */
export const COUNT_CAP = 10_000;
const EXPORT_BATCH = 1000;

export type AuditEntry = {
  id: string;
  at: string;
  actor: string;
  actorKind: string;
  action: string;
  targetType: string;
  target: string;
  project: string | null;
  repository: string | null;
  sourceIp: string | null;
  count: number;
  detail: unknown;
};

export type AuditPage = Page<AuditEntry> & { totalIsLowerBound: boolean };

export type AuditRow = {
  id: bigint;
  at: Date;
  actorName: string;
  actorKind: string;
  action: string;
  targetType: string;
  target: string;
  project: string | null;
  repository: string | null;
  sourceIp: string | null;
  count: number;
  detail: Prisma.JsonValue;
};

const ORDER: Prisma.AuditEventOrderByWithRelationInput[] = [{ at: 'desc' }, { id: 'desc' }];

function whereOf(filter: AuditFilter): Prisma.AuditEventWhereInput {
  const action = filter.action;
  return {
    ...(filter.actor ? { actorName: filter.actor } : {}),
    ...(action ? { action: action.endsWith('*') ? { startsWith: action.slice(0, -1) } : action } : {}),
    ...(filter.project ? { project: filter.project } : {}),
    ...(filter.repository ? { repository: filter.repository } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } }
      : {}),
  };
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id.toString(),
    at: r.at.toISOString(),
    actor: r.actorName,
    actorKind: r.actorKind,
    action: r.action,
    targetType: r.targetType,
    target: r.target,
    project: r.project,
    repository: r.repository,
    sourceIp: r.sourceIp,
    count: r.count,
    detail: r.detail,
  };
}

const select = {
  id: true,
  at: true,
  actorName: true,
  actorKind: true,
  action: true,
  targetType: true,
  target: true,
  project: true,
  repository: true,
  sourceIp: true,
  count: true,
  detail: true,
} as const;

export async function auditPage(filter: AuditFilter, page: number, pageSize: number): Promise<AuditPage> {
  const where = whereOf(filter);
  const [rows, counted] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: ORDER, skip: (page - 1) * pageSize, take: pageSize, select }),
    db.auditEvent.count({ where, take: COUNT_CAP + 1 }),
  ]);
  return {
    items: rows.map(toEntry),
    total: Math.min(counted, COUNT_CAP),
    totalIsLowerBound: counted > COUNT_CAP,
    page,
    pageSize,
  };
}

export const CSV_COLUMNS = [
  'time',
  'actor',
  'actor_kind',
  'action',
  'target_type',
  'target',
  'project',
  'repository',
  'source_ip',
  'count',
  'detail',
] as const;

const csvLine = (e: AuditEntry) =>
  csvRow([
    e.at,
    e.actor,
    e.actorKind,
    e.action,
    e.targetType,
    e.target,
    e.project,
    e.repository,
    e.sourceIp,
    e.count,
    e.detail == null ? null : JSON.stringify(e.detail),
  ]);

/** The rows after `cursor` (newest first), one keyset page. */
export type BatchReader = (cursor: { at: Date; id: bigint } | null, limit: number) => Promise<AuditRow[]>;

function readerFor(filter: AuditFilter): BatchReader {
  const where = whereOf(filter);
  return async (cursor, limit) => {
    return db.auditEvent.findMany({
      where: cursor
        ? { AND: [where, { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }] }
        : where,
      orderBy: ORDER,
      take: limit,
      select,
    });
  };
}

/**
 * The filtered log as CSV (with a header row) or JSON Lines, read one batch per pull: the
 * stream asks for the next batch only when the client has taken the previous one.
 */
export function exportStream(
  read: BatchReader,
  format: 'csv' | 'jsonl',
  batch = EXPORT_BATCH,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: { at: Date; id: bigint } | null = null;
  let header = format === 'csv';
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(encoder.encode(csvRow([...CSV_COLUMNS])));
          return;
        }
        if (done) return controller.close();
        const rows = await read(cursor, batch);
        if (rows.length < batch) done = true;
        if (!rows.length) return controller.close();
        const last = rows[rows.length - 1]!;
        cursor = { at: last.at, id: last.id };
        let text = '';
        for (const r of rows) {
          const entry = toEntry(r);
          text += format === 'csv' ? csvLine(entry) : JSON.stringify(entry) + '\n';
        }
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 1 },
  );
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/** A page (format=json) or the streamed export of the filtered set. */
function answer(query: AuditQuery, filename: string): Promise<AuditPage> | NextResponse {
  const { format, page, pageSize, ...filter } = query;
  if (format === 'json') return auditPage(filter, page, pageSize);
  return new NextResponse(exportStream(readerFor(filter), format), {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${filename}.${format}"`,
      'Cache-Control': 'no-store',
    },
  });
}

/** GET /api/v1/audit: every event (system administrators). */
export function systemAudit(actor: Actor, query: AuditQuery) {
  requireAdminActor(actor);
  return answer(query, 'wharf-audit');
}

/** GET /api/v1/projects/{name}/activity: one project's events (its members). */
export async function projectActivity(actor: Actor, name: string, query: AuditQuery) {
  const { project } = await requireProjectAccess(name, actor, 'activity.read');
  return answer({ ...query, project: project.name }, `${project.name}-activity`);
}

/** Administration's view of the table's size. */
export async function auditTableStats(): Promise<{ rows: number; oldest: string | null }> {
  const [rows, oldest] = await Promise.all([
    db.auditEvent.count(),
    db.auditEvent.findFirst({ orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { at: true } }),
  ]);
  return { rows, oldest: oldest?.at.toISOString() ?? null };
}
