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
import { inc } from '@/lib/metrics';
import { ldap, upsertLdapUser } from '@/lib/ldap';
import { LdapError } from '@/lib/ldap/client';

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

type PasswordResult = { user: PublicUser; groups: readonly string[] } | null;

function remember(name: string, password: string, user: PublicUser, groups: readonly string[]) {
  credentialCache().set(name, password, {
    kind: 'user',
    userId: user.id,
    credentialsChangedAt: user.credentialsChangedAt.getTime(),
    groups,
  });
}

/** A directory user: bind as them; outages are errors of their own, not wrong passwords. */
async function ldapPassword(name: string, password: string): Promise<PasswordResult> {
  const client = ldap()!;
  try {
    const entry = await client.authenticate(name, password);
    const user = await upsertLdapUser(entry, { signIn: true });
    if (!user) return null;
    remember(name, password, user, entry.groups);
    return { user, groups: entry.groups };
  } catch (err) {
    if (LdapError.is(err) && err.isOutage) {
      log.error('LDAP unavailable for sign-in', { username: name, error: err.message });
      throw new AppError(
        'unavailable',
        'Sign-in is unavailable right now: the directory (LDAP) cannot be reached.',
      );
    }
    if (LdapError.is(err)) log.debug('LDAP sign-in refused', { username: name, reason: err.kind });
    else throw err;
    return null;
  }
}

/** Local users check their password hash; directory users (and unknown names, when LDAP is on) bind to LDAP. */
async function checkPassword(name: string, secret: string): Promise<PasswordResult> {
  const hit = credentialCache().get(name, secret);
  if (hit) {
    const user = await getUserById(hit.userId);
    if (isCachedCredentialCurrent(hit, user)) return { user, groups: hit.groups };
  }
  const row = await getUserForSignIn(name);
  if ((row?.source === 'LDAP' || !row) && ldap()) return ldapPassword(name, secret);
  const ok = await verifyPassword(row?.passwordHash, secret);
  if (!row || !ok || row.disabledAt) {
    log.debug('credential check failed', {
      username: name,
      reason: !row ? 'unknown user' : !ok ? 'wrong password' : 'disabled',
    });
    return null;
  }
  const { passwordHash: _omit, ...user } = row;
  void _omit;
  remember(name, secret, user, []);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { user, groups: [] };
}

async function check(
  name: string,
  secret: string,
  audience: Audience,
  ip: string,
): Promise<Authenticated | null> {
  if (name.startsWith(ROBOT_NAME_PREFIX)) {
    if (audience !== 'registry') return null; // robots cannot sign in to the UI or use the REST API
    const robot = await verifyRobot(name, secret, ip);
    return robot ? { kind: 'robot', robot } : null;
  }
  if (secret.startsWith(PAT_PREFIX)) {
    if (audience === 'ui') return null;
    const pat = await verifyPersonalToken(name, secret);
    return pat ? { kind: 'user', user: pat.user, groups: [], cached: false, readOnly: pat.readOnly } : null;
  }
  const result = await checkPassword(name, secret);
  return result
    ? { kind: 'user', user: result.user, groups: result.groups, cached: false, readOnly: false }
    : null;
}

// Concurrent checks of the same credentials share one check: a docker push asks for many
// tokens at once, and one LDAP bind (or one password hash) should answer them all.
const inflight = new Map<string, Promise<Authenticated | null>>();

function checkOnce(
  name: string,
  secret: string,
  audience: Audience,
  ip: string,
): Promise<Authenticated | null> {
  const key = `${audience}\0${credentialCache().keyOf(name, secret)}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = check(name, secret, audience, ip).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
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
  const result = await checkOnce(name, password, audience, ip);
  const { byUser, byIp, userKey } = throttleKeys(name, ip);
  if (!result) {
    byUser.fail(userKey);
    byIp.fail(ip);
    log.info('sign-in failed', { username: name, ip, audience });
    inc('wharf_login_failures_total', 'Failed sign-ins by where they came from', { audience });
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  byUser.succeed(userKey);
  return result;
}

/** The user behind a username and password (UI sign-in, REST API Basic auth). */
export async function verifyUserPassword(
  options: VerifyOptions,
): Promise<PublicUser & { readOnly: boolean; groups: readonly string[] }> {
  const result = await authenticate(options);
  if (result.kind !== 'user') throw new AppError('unauthorized', INVALID_CREDENTIALS);
  return { ...result.user, readOnly: result.readOnly, groups: result.groups };
}
