// Robot secrets and personal access tokens in the credential chain. Rows are read through the
// epoch cache (lib/cluster/epoch-cache.ts: emptied on every replica by any change to tokens,
// robots or users), expiry is checked on every use, and "last used" is written at most once a
// minute per credential.
import 'server-only';
import { db } from '@/lib/db';
import { recordAudit } from '@/lib/audit/record';
import type { PublicUser } from '@/lib/users/queries';
import { publicUserSelect } from '@/lib/users/queries';
import { hashSecret, sameHash } from '@/lib/auth/secrets';
import type { CredentialInfo, RobotPrincipal } from '@/lib/auth/actor';
import { cached, peekCached, touchDue, touchPending } from '@/lib/cluster/epoch-cache';
import { projectRefSelect, toProjectRef } from '@/lib/projects/access';
import { nowMs } from '@/lib/clock';

/** The robot for a name and secret, or null (unknown, wrong secret, disabled, expired). */
export async function verifyRobot(name: string, secret: string, ip: string): Promise<VerifiedRobot | null> {
  const hash = hashSecret(secret);
  const robot = liveRobot(await cached('robot', robotKey(name, hash), () => findRobot(name)), hash);
  if (!robot) return null;
  if (touchDue(`robot:${robot.id}`, robot.lastUsedAt)) {
    // At most once a minute per robot: enough to see in the audit log when and that it is used.
    await db.robot.update({ where: { id: robot.id }, data: { lastUsedAt: new Date() } });
    await recordAudit({
      actor: null,
      actorName: robot.name,
      action: 'robot.use',
      targetType: 'robot',
      target: robot.name,
      sourceIp: ip,
    });
  }
  return toVerifiedRobot(robot);
}

/**
 * `verifyRobot` without waiting, from the epoch cache: undefined when the row is not cached,
 * does not check out, or its "last used" is due (`verifyRobot` writes that).
 */
export function verifyRobotFromCache(name: string, secret: string): VerifiedRobot | undefined {
  const hash = hashSecret(secret);
  const robot = liveRobot(peekCached<RobotRow | null>('robot', robotKey(name, hash)) ?? null, hash);
  if (!robot || touchPending(`robot:${robot.id}`, robot.lastUsedAt)) return undefined;
  return toVerifiedRobot(robot);
}

type VerifiedRobot = RobotPrincipal & { credential: CredentialInfo };
type RobotRow = NonNullable<Awaited<ReturnType<typeof findRobot>>>;

const robotKey = (name: string, hash: string) => `${name}\0${hash}`;

function findRobot(name: string) {
  return db.robot.findUnique({
    where: { name },
    select: {
      id: true,
      name: true,
      secretHash: true,
      disabledAt: true,
      expiresAt: true,
      lastUsedAt: true,
      allowedCidrs: true,
    },
  });
}

/** The row if the secret matches and the robot is enabled and unexpired. */
function liveRobot(robot: RobotRow | null, hash: string): RobotRow | null {
  if (!robot || !sameHash(robot.secretHash, hash)) return null;
  if (robot.disabledAt || (robot.expiresAt && robot.expiresAt.getTime() <= nowMs())) return null;
  return robot;
}

function toVerifiedRobot(robot: RobotRow): VerifiedRobot {
  return {
    id: robot.id,
    name: robot.name,
    allowedCidrs: robot.allowedCidrs,
    credential: { kind: 'robot', id: robot.id, expiresAt: robot.expiresAt, readOnly: false, method: 'token' },
  };
}

export async function verifyPersonalToken(
  username: string,
  token: string,
): Promise<{ user: PublicUser; credential: CredentialInfo } | null> {
  const hash = hashSecret(token);
  const row = await cached('personal-token', hash, () => findPersonalToken(hash));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) return null;
  if (row.user.username !== username || row.user.disabledAt) return null;
  if (touchDue(`pat:${row.id}`, row.lastUsedAt))
    await db.personalToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return {
    user: row.user,
    credential: {
      kind: 'token',
      id: row.id,
      expiresAt: row.expiresAt,
      readOnly: row.readOnly,
      method: 'token',
      tokenId: row.id,
      tokenName: row.name,
    },
  };
}

function findPersonalToken(tokenHash: string) {
  return db.personalToken.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      name: true,
      readOnly: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: publicUserSelect },
    },
  });
}

/** Each project a robot may act in, with its actions, limited to the given project names. */
export async function robotProjects(robotId: number, projectNames: readonly string[]) {
  const rows = await cached('robot-projects', robotProjectsKey(robotId, projectNames), () =>
    db.project.findMany({
      where: { name: { in: [...projectNames] } },
      select: { ...projectRefSelect, robotGrants: { where: { robotId }, select: { actions: true } } },
    }),
  );
  return withActions(rows);
}

/** What `robotProjects` would answer from the cache now, without waiting; else undefined. */
export function peekRobotProjects(robotId: number, projectNames: readonly string[]) {
  const rows = peekCached<RobotProjectRow[]>('robot-projects', robotProjectsKey(robotId, projectNames));
  return rows && withActions(rows);
}

type RobotProjectRow = Parameters<typeof toProjectRef>[0] & { robotGrants: Array<{ actions: string[] }> };

const robotProjectsKey = (robotId: number, projectNames: readonly string[]) =>
  `${robotId}|${[...projectNames].sort().join(',')}`;

const withActions = (rows: RobotProjectRow[]) =>
  rows.map(({ robotGrants, ...p }) => ({ ...toProjectRef(p), actions: robotGrants[0]?.actions ?? [] }));
