// The credential chain: one check of a username and secret for every way in (UI sign-in,
// REST API Basic auth, docker/podman token requests). Local passwords now; robot secrets,
// personal access tokens and LDAP plug in here. Failures are throttled per username and
// client address and never say whether the user exists. Verified pairs are cached briefly.
import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db';
import { checkAll, loginThrottles } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/password';
import { credentialCache, type CachedCredential } from '@/lib/auth/credential-cache';
import { getUserById, getUserForSignIn, type PublicUser } from '@/lib/users/queries';
import { log } from '@/lib/log';

export const INVALID_CREDENTIALS = 'Invalid username or password';

export type VerifyOptions = { username: string; password: string; ip: string };
export type Authenticated = { kind: 'user'; user: PublicUser; groups: readonly string[]; cached: boolean };

function assertNotThrottled(name: string, ip: string): void {
  const { byUser, byIp } = loginThrottles();
  const verdict = checkAll([
    [byUser, name],
    [byIp, ip],
  ]);
  if (!verdict.allowed) {
    log.info('sign-in throttled', { username: name, ip });
    throw new AppError(
      'too_many_requests',
      `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`,
      {
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
    );
  }
}

/**
 * The cached verification of this pair, if any (after the throttle check). The caller must
 * confirm it with the user row (isCachedCredentialCurrent) before trusting it.
 */
export function lookupCachedCredential({ username, password, ip }: VerifyOptions): CachedCredential | null {
  const name = username.trim().toLowerCase();
  assertNotThrottled(name, ip);
  return credentialCache().get(name, password) ?? null;
}

/** A cached pair is still good only while the user is enabled and has not changed credentials since. */
export function isCachedCredentialCurrent(
  hit: CachedCredential,
  user: PublicUser | null,
): user is PublicUser {
  const current =
    !!user &&
    user.id === hit.userId &&
    !user.disabledAt &&
    user.credentialsChangedAt.getTime() === hit.credentialsChangedAt;
  if (!current) credentialCache().forgetUser(hit.userId);
  return current;
}

async function fromCache(name: string, password: string): Promise<Authenticated | null> {
  const hit = credentialCache().get(name, password);
  if (!hit) return null;
  const user = await getUserById(hit.userId);
  return isCachedCredentialCurrent(hit, user)
    ? { kind: 'user', user, groups: hit.groups, cached: true }
    : null;
}

async function localPassword(name: string, password: string): Promise<PublicUser | null> {
  const user = await getUserForSignIn(name);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) {
    log.debug('credential check failed', {
      username: name,
      reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'disabled',
    });
    return null;
  }
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  return rest;
}

/** Authenticates a username and secret, or throws AppError unauthorized / too_many_requests. */
export async function authenticate({ username, password, ip }: VerifyOptions): Promise<Authenticated> {
  const name = username.trim().toLowerCase();
  assertNotThrottled(name, ip);
  const cached = await fromCache(name, password);
  if (cached) return cached;

  const user = await localPassword(name, password);
  const { byUser, byIp } = loginThrottles();
  if (!user) {
    byUser.fail(name);
    byIp.fail(ip);
    log.info('sign-in failed', { username: name, ip });
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  byUser.succeed(name);
  credentialCache().set(name, password, {
    kind: 'user',
    userId: user.id,
    credentialsChangedAt: user.credentialsChangedAt.getTime(),
    groups: [],
  });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { kind: 'user', user, groups: [], cached: false };
}

/** The user behind a username and password (UI sign-in, API Basic auth). */
export async function verifyUserPassword(options: VerifyOptions): Promise<PublicUser> {
  return (await authenticate(options)).user;
}
