// Ending a user's derived credentials at once: every browser session and every docker login
// (refresh token) issued up to this moment. Sessions and refresh tokens also record the user's
// credentialsChangedAt when they were made and must match it exactly, so one that was being
// minted while this ran dies too (no whole-second window).
import 'server-only';
import { db } from '@/lib/db';
import { credentialCache } from '@/lib/auth/credential-cache';

/** The next credentials version: now, but always later than the previous one (millisecond precision). */
export function nextCredentialsVersion(previous: Date): Date {
  return new Date(Math.max(Date.now(), previous.getTime() + 1));
}

export type EndCredentialsReason = 'password' | 'disabled' | 'directory' | 'deleted';

/**
 * Bumps the user's credentials version, revokes their sessions and refresh tokens, and drops
 * their verified passwords from this process's cache. Personal access tokens and robots are
 * credentials of their own and stay (revoke them one by one).
 */
export async function endUserCredentials(userId: number): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { credentialsChangedAt: true } });
  if (!user) return;
  const now = new Date();
  await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { credentialsChangedAt: nextCredentialsVersion(user.credentialsChangedAt) },
    }),
    db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } }),
    db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } }),
  ]);
  credentialCache().forgetUser(userId);
}
