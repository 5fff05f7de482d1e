// The audit log: who did what to which target, from where.
import 'server-only';
import { db, Prisma } from '@/lib/db';
import { log } from '@/lib/log';
import { auditScope } from '@/lib/audit/scope';

export type AuditInput = {
  /** The user who acted; a user actor's personal access token is named in the detail. */
  actor: { id: number; username: string } | null;
  /** The token a user acted with, if any (shown beside the user). */
  tokenName?: string | null;
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
  tokenName,
  actorName,
  action,
  targetType,
  target,
  sourceIp,
  detail,
}: AuditInput): Promise<void> {
  const name = actor?.username ?? actorName ?? 'anonymous';
  try {
    await db.auditEvent.create({
      data: {
        actorId: actor?.id ?? null,
        actorName: name,
        actorKind: actor ? 'user' : name.startsWith('robot-') ? 'robot' : 'anonymous',
        action,
        targetType,
        target,
        ...auditScope(targetType, target),
        sourceIp,
        detail:
          tokenName && (detail === undefined || (typeof detail === 'object' && !Array.isArray(detail)))
            ? { ...((detail as Record<string, Prisma.InputJsonValue> | undefined) ?? {}), token: tokenName }
            : detail,
      },
    });
  } catch (err) {
    // The audit trail must not turn a successful action into a failure.
    log.error('audit write failed', { action, err });
  }
}
