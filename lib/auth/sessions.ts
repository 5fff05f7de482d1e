// Browser sessions on the server. The session cookie (next-auth's encrypted JWT) carries a
// random session id minted by newSecret; the row here decides whether it still works, so that
// sign-out, password change, reset and disable end a session even when its cookie was copied.
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { hashSecret, looksMinted, newSecret, SESSION_PREFIX } from '@/lib/auth/secrets';
import type { CredentialInfo, LoginMethod } from '@/lib/auth/actor';
import { publicUserSelect, type PublicUser } from '@/lib/users/queries';

export type CreateSessionOptions = {
  user: PublicUser;
  method: LoginMethod;
  ip?: string;
  userAgent?: string;
};

/** A new session for a user whose password was just verified; returns the id for the cookie. */
export async function createSession({ user, method, ip, userAgent }: CreateSessionOptions): Promise<string> {
  const { secret, hash } = newSecret(SESSION_PREFIX);
  await db.session.create({
    data: {
      tokenHash: hash,
      userId: user.id,
      // The version the password was verified against: a reset that lands while this
      // session is being created leaves it with an old version, so it never works.
      credentialsVersion: user.credentialsChangedAt,
      method,
      sourceIp: ip?.slice(0, 64),
      userAgent: userAgent?.slice(0, 256),
      expiresAt: new Date(Date.now() + getEnv().SESSION_MAX_AGE * 1000),
    },
  });
  return secret;
}

/** Sign-out: the session stops working at once, on every replica. */
export async function endSession(sessionId: string): Promise<void> {
  if (!looksMinted(sessionId, SESSION_PREFIX)) return;
  await db.session.updateMany({
    where: { tokenHash: hashSecret(sessionId), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** The user of a live session, or null (unknown, signed out, expired, or older than a credential change). */
export async function readSession(
  sessionId: string,
): Promise<{ user: PublicUser; credential: CredentialInfo } | null> {
  if (!looksMinted(sessionId, SESSION_PREFIX)) return null;
  const row = await db.session.findUnique({
    where: { tokenHash: hashSecret(sessionId) },
    include: { user: { select: publicUserSelect } },
  });
  if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) return null;
  if (row.user.disabledAt || row.credentialsVersion.getTime() !== row.user.credentialsChangedAt.getTime())
    return null;
  return {
    user: row.user,
    credential: {
      kind: 'session',
      id: row.id,
      expiresAt: row.expiresAt,
      readOnly: false,
      method: row.method as LoginMethod,
    },
  };
}
