// The credential module: every way in resolves here to one principal that carries where it
// came from. Kinds: browser session, password (local or LDAP bind), personal access token,
// robot secret, refresh token (docker's identity token), and an OpenID Connect sign-in (claims
// next-auth verified: ID token signature, issuer, audience, nonce; PKCE and state). The UI sign-in, the REST API and the
// token endpoint all call these functions; nothing else checks a secret.
//
// - Usernames are normalized once (lib/users/username.ts) before they become any key.
// - A user principal's groups always come from the user row (kept by lib/ldap), so a session,
//   a token and a refresh grant of the same person see the same group roles; a directory user
//   older than LDAP_REVALIDATE_INTERVAL is re-read before being trusted.
// - Failures are throttled per name and per client address and never say whether a user
//   exists; every failed password check costs one password hash, known user or not.
import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db';
import { loginThrottles } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/password';
import { credentialCache, type CachedCredential } from '@/lib/auth/credential-cache';
import { looksMinted, PAT_PREFIX } from '@/lib/auth/secrets';
import { readSession } from '@/lib/auth/sessions';
import {
  userActor,
  type CredentialInfo,
  type Principal,
  type RobotPrincipal,
  type UserActor,
} from '@/lib/auth/actor';
import { matchCidr } from '@/lib/net/cidr';
import { getUserById, getUserForSignIn, type PublicUser } from '@/lib/users/queries';
import { normalizeUsername } from '@/lib/users/username';
import { verifyPersonalToken, verifyRobot, verifyRobotFromCache } from '@/lib/robots/auth';
import { redeemRefreshToken } from '@/lib/tokens/refresh-tokens';
import { log } from '@/lib/log';
import { namePrincipal } from '@/lib/edge/request-scope';
import { inc } from '@/lib/metrics';
import {
  ensureDirectoryFresh,
  isDirectoryStale,
  ldap,
  LdapError,
  upsertLdapUser,
  DIRECTORY_UNAVAILABLE,
} from '@/lib/ldap';
import { upsertOidcUser } from '@/lib/oidc';
import type { OidcClaims } from '@/lib/oidc/claims';

export const INVALID_CREDENTIALS = 'Invalid username or password';
export const ROBOT_NAME_PREFIX = 'robot-';
export const ROBOTS_REGISTRY_ONLY =
  'Robot accounts work only with docker, podman and other registry clients, not here.';

/** Where the credentials are used: robots only for the registry, tokens not for the UI. */
export type Audience = 'ui' | 'api' | 'registry';

export type AuthenticateOptions = {
  username: string;
  password: string;
  ip: string;
  audience: Audience;
  /**
   * Reads the user row for a cached password (the token endpoint reads the user and the
   * requested projects in one round trip). Defaults to a plain user read.
   */
  loadUser?: (userId: number) => Promise<PublicUser | null>;
};

type Verified =
  { kind: 'user'; user: PublicUser; credential: CredentialInfo } | Extract<Principal, { kind: 'robot' }>;

const unauthorized = () => new AppError('unauthorized', INVALID_CREDENTIALS);

// ---- principals ----------------------------------------------------------------------------

/**
 * The principal of a user whose credential checked out: re-read from the directory when the
 * record is stale (null when they are gone or their directory password changed). Named in the
 * request's access line.
 */
async function userPrincipal(user: PublicUser, credential: CredentialInfo): Promise<UserActor | null> {
  if (user.disabledAt) return null;
  const fresh = await ensureDirectoryFresh(user);
  if (!fresh || fresh.disabledAt) return null;
  namePrincipal(fresh.username);
  return userActor(fresh, fresh.ldapGroups, credential.readOnly, credential);
}

/** `userPrincipal` without waiting: undefined when the directory must be asked first. */
function userPrincipalNow(user: PublicUser, credential: CredentialInfo): UserActor | undefined {
  if (user.disabledAt || isDirectoryStale(user)) return undefined;
  namePrincipal(user.username);
  return userActor(user, user.ldapGroups, credential.readOnly, credential);
}

/** The principal of a browser session id (from the session cookie), or null. */
export async function resolveSession(sessionId: string): Promise<UserActor | null> {
  const session = await readSession(sessionId);
  return session ? userPrincipal(session.user, session.credential) : null;
}

/** The principal of a refresh token (the refresh grant), or null: never more than its source. */
export async function resolveRefreshToken(token: string): Promise<UserActor | null> {
  const redeemed = await redeemRefreshToken(token);
  return redeemed ? userPrincipal(redeemed.user, redeemed.credential) : null;
}

// ---- throttling ----------------------------------------------------------------------------

/**
 * Throttle keys. Robots are throttled per (robot, address) only: their secret has 256 bits,
 * and a flood of wrong secrets from one place must not lock out the CI job elsewhere.
 * `guessable`: the secret is a password (not a minted 256-bit secret), so the address lock
 * applies — unless this name signed in correctly from this address before.
 */
function throttleKeys(name: string, ip: string, secret: string) {
  const robot = name.startsWith(ROBOT_NAME_PREFIX);
  const { byUser, byIp, known } = loginThrottles();
  return {
    byUser,
    byIp,
    known,
    userKey: robot ? `${name}@${ip}` : name,
    guessable: !robot && !looksMinted(secret, PAT_PREFIX),
  };
}

/** True when the live locks say now that neither the name nor a guessable address is locked. */
function notThrottledNow(name: string, ip: string, secret: string): boolean {
  const { byUser, byIp, userKey, guessable } = throttleKeys(name, ip, secret);
  return !!byUser.peek(userKey)?.allowed && (!guessable || !!byIp.peek(ip)?.allowed);
}

async function assertNotThrottled(name: string, ip: string, secret: string): Promise<void> {
  const { byUser, byIp, known, userKey, guessable } = throttleKeys(name, ip, secret);
  let verdict = await byUser.check(userKey);
  if (verdict.allowed && guessable) {
    const byAddress = await byIp.check(ip);
    // Only asked while the address is locked: people who signed in from there go on.
    if (!byAddress.allowed && !(await known.has(name, ip))) verdict = byAddress;
  }
  if (!verdict.allowed) {
    log.info('sign-in throttled', { username: name, ip });
    throw tooManyFailures(verdict.retryAfterSeconds);
  }
}

function tooManyFailures(retryAfterSeconds: number): AppError {
  return new AppError('too_many_requests', `Too many failed sign-ins. Try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
}

/** A password check the caller makes itself (current password on a password change), throttled like a sign-in. */
export async function checkOwnPassword(user: PublicUser, password: string, ip: string): Promise<boolean> {
  await assertNotThrottled(user.username, ip, password);
  const row = await getUserForSignIn(user.username);
  const ok = !!row && (await verifyPassword(row.passwordHash, password));
  await recordOutcome(user.username, ip, password, ok, 'api');
  return ok;
}

/** Bookkeeping after a full check (never after a cached one: that would write per request). */
async function recordOutcome(
  name: string,
  ip: string,
  secret: string,
  ok: boolean,
  audience: Audience,
): Promise<void> {
  const { byUser, byIp, known, userKey, guessable } = throttleKeys(name, ip, secret);
  if (ok) {
    await Promise.all([byUser.succeed(userKey), guessable ? known.add(name, ip) : undefined]);
    return;
  }
  await Promise.all([byUser.fail(userKey), guessable ? byIp.fail(ip) : undefined]);
  log.info('sign-in failed', { username: name, ip, audience });
  inc('wharf_login_failures_total', 'Failed sign-ins by where they came from', { audience });
}

// ---- passwords -----------------------------------------------------------------------------

function remember(name: string, password: string, user: PublicUser, method: 'password' | 'ldap') {
  credentialCache().set(name, password, {
    kind: 'user',
    userId: user.id,
    credentialsChangedAt: user.credentialsChangedAt.getTime(),
    method,
  });
}

const passwordCredential = (method: CredentialInfo['method']): CredentialInfo => ({
  kind: 'password',
  id: null,
  expiresAt: null,
  readOnly: false,
  method,
});

/** A directory user: bind as them; outages are errors of their own, not wrong passwords. */
async function ldapPassword(name: string, password: string): Promise<PublicUser | null> {
  const client = ldap()!;
  try {
    const entry = await client.authenticate(name, password);
    const user = await upsertLdapUser(entry, { signIn: true });
    if (user) remember(name, password, user, 'ldap');
    return user;
  } catch (err) {
    if (LdapError.is(err) && err.isOutage) {
      log.error('LDAP unavailable for sign-in', { username: name, error: err.message });
      throw new AppError('unavailable', DIRECTORY_UNAVAILABLE);
    }
    if (LdapError.is(err)) log.debug('LDAP sign-in refused', { username: name, reason: err.kind });
    else throw err;
    return null;
  }
}

/**
 * Local users check their password hash; directory users (and unknown names, when LDAP is on)
 * bind to LDAP. Every refusal does the same work, so that its time does not tell which names
 * exist, or where: one password hash, and with LDAP on the directory's round trips of a refused
 * directory sign-in (the user search and a bind), run side by side.
 */
async function checkPassword(name: string, secret: string): Promise<Verified | null> {
  const row = await getUserForSignIn(name);
  const directory = ldap();
  if ((row?.source === 'LDAP' || !row) && directory) {
    // The hash alongside the directory's answer, whatever it is (a miss binds a DN nobody has:
    // LdapClient.authenticate). A directory sign-in pays it once per cache period.
    const [user] = await Promise.all([ldapPassword(name, secret), verifyPassword(null, secret)]);
    return user ? { kind: 'user', user, credential: passwordCredential('ldap') } : null;
  }
  // A local user: the directory's part of a refusal starts with the hash, and is waited for
  // only if the password is refused (a correct one is answered at once).
  const rehearsal = directory?.rehearseRefusal(name);
  const ok = await verifyPassword(row?.passwordHash, secret);
  if (!row || !ok || row.disabledAt || row.source !== 'LOCAL') {
    await rehearsal;
    log.debug('credential check failed', {
      username: name,
      reason: !row ? 'unknown user' : !ok ? 'wrong password' : 'disabled',
    });
    return null;
  }
  const { passwordHash: _omit, ...user } = row;
  void _omit;
  remember(name, secret, user, 'password');
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { kind: 'user', user, credential: passwordCredential('password') };
}

async function check(name: string, secret: string, audience: Audience, ip: string): Promise<Verified | null> {
  if (name.startsWith(ROBOT_NAME_PREFIX)) {
    const robot = await verifyRobot(name, secret, ip);
    return robot ? { kind: 'robot', robot, credential: robot.credential } : null;
  }
  if (looksMinted(secret, PAT_PREFIX)) {
    if (audience === 'ui') return null; // a token is never a browser sign-in
    const pat = await verifyPersonalToken(name, secret);
    return pat ? { kind: 'user', user: pat.user, credential: pat.credential } : null;
  }
  return checkPassword(name, secret);
}

// Concurrent checks of the same credentials share one check: a docker push asks for many
// tokens at once, and one LDAP bind (or one password hash) should answer them all.
const inflight = new Map<string, Promise<Verified | null>>();

function checkOnce(name: string, secret: string, audience: Audience, ip: string): Promise<Verified | null> {
  const key = `${audience}\0${credentialCache().keyOf(name, secret)}`;
  let pending = inflight.get(key);
  if (!pending) {
    pending = check(name, secret, audience, ip).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/** A verified password from this process's short cache, confirmed against the current user row. */
async function cachedPassword(
  name: string,
  secret: string,
  loadUser: (userId: number) => Promise<PublicUser | null>,
): Promise<Verified | null> {
  const hit = credentialCache().get(name, secret);
  if (!hit) return null;
  const user = await loadUser(hit.userId);
  if (!user || !stillCurrent(hit, user)) {
    credentialCache().forgetUser(hit.userId);
    return null;
  }
  return { kind: 'user', user, credential: passwordCredential(hit.method) };
}

/** A cached verification still holds for this (current) user row. */
const stillCurrent = (hit: CachedCredential, user: PublicUser): boolean =>
  user.id === hit.userId &&
  !user.disabledAt &&
  user.credentialsChangedAt.getTime() === hit.credentialsChangedAt;

/**
 * The token endpoint's hot path: a password (or robot secret) this replica verified moments
 * ago, answered without waiting when everything `authenticate` would look at is in memory and
 * plainly fine — the shared throttle locks (loaded and listening), the credential cache and the
 * current user row (`peekUser`, from the epoch cache): not disabled, password unchanged,
 * directory record fresh; or the robot's cached row: secret, enabled, unexpired, its networks,
 * "last used" not due. Anything missing, locked or doubtful gives undefined and the caller runs
 * `authenticate`, which applies every rule (and says why it refuses); so this is never more
 * permissive, and it writes nothing, as the cached branch of `authenticate` writes nothing.
 */
export function authenticateFromCache({
  username,
  password,
  ip,
  audience,
  peekUser,
}: Omit<AuthenticateOptions, 'loadUser'> & {
  /** The current user row if at hand now (null: no such user), undefined if it must be read. */
  peekUser: (userId: number) => PublicUser | null | undefined;
}): Exclude<Principal, { kind: 'anonymous' }> | undefined {
  if (audience !== 'registry') return undefined;
  const name = normalizeUsername(username);
  if (!name || !notThrottledNow(name, ip, password)) return undefined;
  if (name.startsWith(ROBOT_NAME_PREFIX)) {
    const robot = verifyRobotFromCache(name, password);
    if (!robot || !robotNetworkAllows(robot, ip)) return undefined;
    namePrincipal(robot.name);
    return { kind: 'robot', robot, credential: robot.credential };
  }
  const hit = credentialCache().get(name, password);
  const user = hit && peekUser(hit.userId);
  if (!hit || !user || !stillCurrent(hit, user)) return undefined;
  return userPrincipalNow(user, passwordCredential(hit.method));
}

/**
 * Resolves a username and secret (HTTP Basic, the OAuth2 password grant, the sign-in form) to
 * a principal, or throws AppError unauthorized / too_many_requests / unavailable.
 */
export async function authenticate({
  username,
  password,
  ip,
  audience,
  loadUser = getUserById,
}: AuthenticateOptions): Promise<Exclude<Principal, { kind: 'anonymous' }>> {
  const name = normalizeUsername(username);
  if (name?.startsWith(ROBOT_NAME_PREFIX) && audience !== 'registry') {
    // Refused before any check: a robot's correct secret here must not count as a failure.
    throw new AppError('unauthorized', ROBOTS_REGISTRY_ONLY);
  }
  if (!name) {
    // Cannot be anyone's name: refused without a lookup, counted against the address.
    const { byIp } = loginThrottles();
    const verdict = await byIp.check(ip);
    if (!verdict.allowed) throw tooManyFailures(verdict.retryAfterSeconds);
    await byIp.fail(ip);
    throw unauthorized();
  }
  await assertNotThrottled(name, ip, password);
  const cached = await cachedPassword(name, password, loadUser);
  const verified = cached ?? (await checkOnce(name, password, audience, ip));
  const principal =
    verified?.kind === 'user' ? await userPrincipal(verified.user, verified.credential) : verified;
  // Bookkeeping writes only where they matter: every failure, and a password's first success
  // (clears its failures, remembers the address). A cached password, a token or a robot
  // secret that checks out writes nothing: the hot path stays read-only.
  const isFullPasswordCheck = !cached && throttleKeys(name, ip, password).guessable;
  if (!principal || isFullPasswordCheck) await recordOutcome(name, ip, password, !!principal, audience);
  if (!principal) throw unauthorized();
  if (principal.kind === 'robot') {
    assertRobotNetwork(principal.robot, ip);
    namePrincipal(principal.robot.name);
  }
  return principal;
}

/**
 * A robot's network rule: outside its `allowedCidrs` its (correct) secret is refused. Checked
 * per request, after the shared verification (which concurrent requests from several
 * addresses may share); not a failed guess, so it counts against no throttle.
 */
function assertRobotNetwork(robot: RobotPrincipal, ip: string): void {
  if (robotNetworkAllows(robot, ip)) return;
  log.info('access denied', { subject: robot.name, reason: 'robot_network', ip });
  inc('wharf_access_denied_total', 'Denied actions and credentials by reason', { reason: 'robot_network' });
  throw new AppError(
    'unauthorized',
    `robot account ${robot.name} may not be used from ${ip}: it is limited to its allowed networks`,
  );
}

const robotNetworkAllows = (robot: RobotPrincipal, ip: string) =>
  robot.allowedCidrs.length === 0 || matchCidr(ip, robot.allowedCidrs);

/** The user behind a username and secret (UI sign-in, REST API Basic auth). */
export async function authenticateUser(options: AuthenticateOptions): Promise<UserActor> {
  const principal = await authenticate(options);
  if (principal.kind !== 'user') throw unauthorized();
  return principal;
}

/**
 * The user behind a verified OpenID Connect sign-in (the browser only): their Wharf record is
 * created or refreshed from the claims (groups, admin). Throws AppError conflict on a name that
 * belongs to a local or LDAP user, forbidden for a disabled user. The caller makes the session.
 */
export async function authenticateOidc(claims: OidcClaims): Promise<UserActor> {
  const user = await upsertOidcUser(claims);
  const principal = await userPrincipal(user, {
    kind: 'session',
    id: null,
    expiresAt: null,
    readOnly: false,
    method: 'oidc',
  });
  if (!principal) throw new AppError('forbidden', `The account ${claims.username} is disabled in Wharf.`);
  return principal;
}
