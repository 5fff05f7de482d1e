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
import { cached, touchDue } from '@/lib/cluster/epoch-cache';
import { projectRefSelect, toProjectRef } from '@/lib/projects/access';

/** The robot for a name and secret, or null (unknown, wrong secret, disabled, expired). */
export async function verifyRobot(
  name: string,
  secret: string,
  ip: string,
): Promise<(RobotPrincipal & { credential: CredentialInfo }) | null> {
  const hash = hashSecret(secret);
  const robot = await cached('robot', `${name}\0${hash}`, () =>
    db.robot.findUnique({
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
    }),
  );
  if (!robot || !sameHash(robot.secretHash, hash)) return null;
  if (robot.disabledAt || (robot.expiresAt && robot.expiresAt.getTime() <= Date.now())) return null;
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
  return {
    id: robot.id,
    name: robot.name,
    allowedCidrs: robot.allowedCidrs,
    credential: { kind: 'robot', id: robot.id, expiresAt: robot.expiresAt, readOnly: false, method: 'token' },
  };
}

/** The user behind a personal access token presented with that user's name, or null. */
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
  const rows = await cached('robot-projects', `${robotId}|${[...projectNames].sort().join(',')}`, () =>
    db.project.findMany({
      where: { name: { in: [...projectNames] } },
      select: { ...projectRefSelect, robotGrants: { where: { robotId }, select: { actions: true } } },
    }),
  );
  return rows.map(({ robotGrants, ...p }) => ({
    ...toProjectRef(p),
    actions: robotGrants[0]?.actions ?? [],
  }));
}
