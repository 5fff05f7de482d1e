// Refresh tokens: what `docker login` stores as its identity token. Opaque random strings
// with a recognisable prefix, stored only as SHA-256 hashes, revocable, and dead once the
// user is disabled or changes their password.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { notFound } from '@/lib/errors';
import { getUserById, type PublicUser } from '@/lib/users/queries';

export const REFRESH_TOKEN_PREFIX = 'wharf_rt_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type IssueRefreshOptions = { userId: number; clientId?: string; userAgent?: string; ip?: string };

export async function issueRefreshToken({
  userId,
  clientId,
  userAgent,
  ip,
}: IssueRefreshOptions): Promise<string> {
  const token = REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await db.refreshToken.create({
    data: {
      userId,
      tokenHash: sha256(token),
      prefix: token.slice(0, REFRESH_TOKEN_PREFIX.length + 6),
      clientId: clientId?.slice(0, 128),
      userAgent: userAgent?.slice(0, 256),
      sourceIp: ip,
      expiresAt: new Date(Date.now() + getEnv().REFRESH_TOKEN_LIFETIME * 1000),
    },
  });
  return token;
}

/** The user of a valid refresh token, or null (unknown, expired, revoked, or older than the user's last credential change). */
export async function redeemRefreshToken(token: string): Promise<PublicUser | null> {
  if (!token.startsWith(REFRESH_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.refreshToken.findUnique({ where: { tokenHash: sha256(token) } });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  const user = await getUserById(row.userId);
  if (!user || user.disabledAt || row.createdAt < user.credentialsChangedAt) return null;
  // lastUsedAt at most once a minute: the token hot path should not write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.refreshToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return user;
}

export async function revokeAllRefreshTokens(userId: number): Promise<number> {
  const { count } = await db.refreshToken.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

export type DockerLogin = {
  id: number;
  prefix: string;
  clientId: string | null;
  userAgent: string | null;
  sourceIp: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
};

/** The user's active docker logins (Account page). */
export async function listDockerLogins(user: PublicUser): Promise<DockerLogin[]> {
  const rows = await db.refreshToken.findMany({
    where: {
      userId: user.id,
      revokedAt: null,
      expiresAt: { gt: new Date() },
      createdAt: { gte: user.credentialsChangedAt },
    },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    clientId: r.clientId,
    userAgent: r.userAgent,
    sourceIp: r.sourceIp,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
  }));
}

export async function revokeDockerLogin(user: PublicUser, id: number): Promise<void> {
  const { count } = await db.refreshToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound(`docker login ${id}`);
}
