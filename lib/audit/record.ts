// The audit log: who did what to which target, from where.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { log } from '@/lib/log';

export type AuditInput = {
  actor: { id: number; username: string } | null;
  /** Who acted when it is not a user (a robot's name). */
  actorName?: string;
  action: string;
  targetType: string;
  target: string;
  sourceIp?: string;
  detail?: Prisma.InputJsonValue;
};

export async function recordAudit({
  actor,
  actorName,
  action,
  targetType,
  target,
  sourceIp,
  detail,
}: AuditInput): Promise<void> {
  try {
    await db.auditEvent.create({
      data: {
        actorId: actor?.id ?? null,
        actorName: actor?.username ?? actorName ?? 'anonymous',
        action,
        targetType,
        target,
        sourceIp,
        detail,
      },
    });
  } catch (err) {
    // The audit trail must not turn a successful action into a failure.
    log.error('audit write failed', { action, err });
  }
}
