// The credential chain: one check of a username and secret for every way in (UI sign-in,
// REST API Basic auth, docker/podman token requests), in this order: robot secret,
// personal access token, local password (LDAP joins after it). Failures are throttled and
// never say whether the user exists. Verified passwords are cached briefly.
import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db';
import { checkAll, loginThrottles } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/password';
import { credentialCache, type CachedCredential } from '@/lib/auth/credential-cache';
import { getUserById, getUserForSignIn, type PublicUser } from '@/lib/users/queries';
import { verifyPersonalToken, verifyRobot, type RobotPrincipal } from '@/lib/robots/auth';
import { PAT_PREFIX } from '@/lib/robots/secrets';
import { log } from '@/lib/log';

export const INVALID_CREDENTIALS = 'Invalid username or password';
export const ROBOT_NAME_PREFIX = 'robot-';

/** Where the credentials are used: robots only for the registry, tokens not for the UI. */
export type Audience = 'ui' | 'api' | 'registry';

export type VerifyOptions = { username: string; password: string; ip: string; audience?: Audience };
export type Authenticated =
  | { kind: 'user'; user: PublicUser; groups: readonly string[]; cached: boolean; readOnly: boolean }
  | { kind: 'robot'; robot: RobotPrincipal };

/**
 * Throttle keys. A robot is throttled per (robot, address) only: its secret has 256 bits,
 * and a flood of wrong secrets from one place must not lock out the CI job elsewhere.
 */
function throttleKeys(name: string, ip: string) {
  const { byUser, byIp } = loginThrottles();
  const userKey = name.startsWith(ROBOT_NAME_PREFIX) ? `${name}@${ip}` : name;
  return { byUser, byIp, userKey };
}

function assertNotThrottled(name: string, ip: string): void {
  const { byUser, byIp, userKey } = throttleKeys(name, ip);
  const verdict = checkAll([
    [byUser, userKey],
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

async function localPassword(name: string, password: string): Promise<PublicUser | null> {
  const hit = credentialCache().get(name, password);
  if (hit) {
    const user = await getUserById(hit.userId);
    if (isCachedCredentialCurrent(hit, user)) return user;
  }
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
  credentialCache().set(name, password, {
    kind: 'user',
    userId: rest.id,
    credentialsChangedAt: rest.credentialsChangedAt.getTime(),
    groups: [],
  });
  await db.user.update({ where: { id: rest.id }, data: { lastLoginAt: new Date() } });
  return rest;
}

async function check(
  name: string,
  password: string,
  audience: Audience,
  ip: string,
): Promise<Authenticated | null> {
  if (name.startsWith(ROBOT_NAME_PREFIX)) {
    if (audience !== 'registry') return null; // robots cannot sign in to the UI or use the REST API
    const robot = await verifyRobot(name, password, ip);
    return robot ? { kind: 'robot', robot } : null;
  }
  if (password.startsWith(PAT_PREFIX)) {
    if (audience === 'ui') return null;
    const pat = await verifyPersonalToken(name, password);
    return pat ? { kind: 'user', user: pat.user, groups: [], cached: false, readOnly: pat.readOnly } : null;
  }
  const user = await localPassword(name, password);
  return user ? { kind: 'user', user, groups: [], cached: false, readOnly: false } : null;
}

/** Authenticates a username and secret, or throws AppError unauthorized / too_many_requests. */
export async function authenticate({
  username,
  password,
  ip,
  audience = 'registry',
}: VerifyOptions): Promise<Authenticated> {
  const name = username.trim().toLowerCase();
  assertNotThrottled(name, ip);
  const result = await check(name, password, audience, ip);
  const { byUser, byIp, userKey } = throttleKeys(name, ip);
  if (!result) {
    byUser.fail(userKey);
    byIp.fail(ip);
    log.info('sign-in failed', { username: name, ip, audience });
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  byUser.succeed(userKey);
  return result;
}

/** The user behind a username and password (UI sign-in, REST API Basic auth). */
export async function verifyUserPassword(
  options: VerifyOptions,
): Promise<PublicUser & { readOnly: boolean }> {
  const result = await authenticate(options);
  if (result.kind !== 'user') throw new AppError('unauthorized', INVALID_CREDENTIALS);
  return { ...result.user, readOnly: result.readOnly };
}
