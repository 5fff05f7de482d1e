// The Docker token endpoint (GET and POST /v2/token), per distribution docs/spec/auth/token.md and oauth.md: Basic or OAuth2
// password/refresh grants, scope intersection with the permission table, RS256 or ES256 tokens the
// registry accepts, refresh tokens for docker login. Bad credentials are always 401 with a
// body docker prints; a denied scope is never an error (the token just lacks it).
import 'server-only';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { isLevelEnabled, log } from '@/lib/log';
import { inc, observe, TOKEN_BUCKETS } from '@/lib/metrics';
import { highestRole, type ProjectAction } from '@/lib/permissions';
import { peekRobotProjects, robotProjects } from '@/lib/robots/auth';
import { recordAudit } from '@/lib/audit/record';
import { ANONYMOUS, type Actor, type Principal } from '@/lib/auth/actor';
import {
  authenticate,
  authenticateFromCache,
  INVALID_CREDENTIALS,
  resolveRefreshToken,
} from '@/lib/auth/credentials';
import { parseBasicAuth } from '@/lib/auth/basic';
import { principalOf } from '@/lib/projects/access';
import { loadTokenContext, peekTokenContext, type ProjectRow, type TokenContext } from '@/lib/tokens/context';
import { computeGrants, projectNamesOf, type Denial, type ProjectGrantInfo } from '@/lib/tokens/grants';
import { signRegistryToken, tokenAnswerJson } from '@/lib/tokens/jwt';
import { issueRefreshToken } from '@/lib/tokens/refresh-tokens';
import { parseScopes, ScopeError, formatScope } from '@/lib/tokens/scope';
import {
  scopeErrorResponse,
  tokenErrorResponse,
  type OAuthErrorCode,
  type TokenErrorStatus,
} from '@/lib/tokens/errors';
import { getSigningKey, signingKeyNow } from '@/lib/tokens/signing';

export type TokenRequest = {
  method: 'GET' | 'POST';
  query: URLSearchParams;
  form?: URLSearchParams;
  authorization: string | null;
  ip: string;
  userAgent?: string;
};

export type TokenResponse = {
  status: number;
  body: Record<string, unknown>;
  /** `body` already serialized (a token answer: tokenAnswerJson in jwt.ts); else JSON.stringify(body). */
  json?: string;
  headers?: Record<string, string>;
};

const failure = (
  status: TokenErrorStatus,
  message: string,
  oauth?: OAuthErrorCode,
  retryAfterSeconds?: number,
): TokenResponse => tokenErrorResponse({ status, message, oauth, retryAfterSeconds });

function grantInfo(actor: Actor, projects: ProjectRow[]): Map<string, ProjectGrantInfo> {
  return new Map(
    projects.map(({ roles, ...p }) => [p.name, { ...p, principal: principalOf(actor, highestRole(roles)) }]),
  );
}

function robotGrantInfo(rows: Awaited<ReturnType<typeof robotProjects>>): Map<string, ProjectGrantInfo> {
  return new Map(
    rows.map(({ actions, ...p }) => [
      p.name,
      { ...p, principal: { kind: 'robot' as const, actions: actions as ProjectAction[] } },
    ]),
  );
}

/** `projectsFor` from the caches without waiting, or undefined. */
function projectsFromCache(
  principal: Exclude<Principal, { kind: 'anonymous' }>,
  projectNames: string[],
  userContext: TokenContext | undefined,
): Map<string, ProjectGrantInfo> | undefined {
  if (principal.kind === 'robot') {
    const rows = peekRobotProjects(principal.robot.id, projectNames);
    return rows && robotGrantInfo(rows);
  }
  return userContext && grantInfo(principal, userContext.projects);
}

type Who = {
  principal: Principal;
  projects: Map<string, ProjectGrantInfo>;
  refreshToken?: string;
  offline: boolean;
  grant: string;
};

/** The projects the scopes name, with what this principal may do in each. */
async function projectsFor(
  principal: Principal,
  projectNames: string[],
  preloaded?: ProjectRow[],
): Promise<Map<string, ProjectGrantInfo>> {
  if (principal.kind === 'robot')
    return robotGrantInfo(await robotProjects(principal.robot.id, projectNames));
  if (preloaded) return grantInfo(principal, preloaded);
  const ctx = await loadTokenContext({
    userId: principal.kind === 'user' ? principal.user.id : null,
    projectNames,
  });
  return grantInfo(principal, ctx.projects);
}

type PasswordLogin = { username: string; password: string; offline: boolean; grant: 'basic' | 'password' };

/**
 * The username and password of a GET with HTTP Basic or a POST password grant; a 4xx answer
 * when they are malformed; undefined for every other request (anonymous, refresh token, …).
 */
function passwordLogin(
  req: TokenRequest,
  form: URLSearchParams | undefined,
): PasswordLogin | TokenResponse | undefined {
  if (req.method === 'GET') {
    const basic = parseBasicAuth(req.authorization);
    if (basic === 'malformed' || (req.authorization && !basic))
      return failure(401, 'malformed Authorization header: use Basic credentials');
    if (!basic) return undefined;
    const { username, password } = basic;
    return { username, password, offline: req.query.get('offline_token') === 'true', grant: 'basic' };
  }
  if (form?.get('grant_type') !== 'password') return undefined;
  const username = form.get('username');
  const password = form.get('password');
  if (!username || password === null)
    return failure(400, 'grant_type=password needs username and password', 'invalid_request');
  return { username, password, offline: form.get('access_type') === 'offline', grant: 'password' };
}

/**
 * A password login answered from memory alone, without waiting on anything: most token
 * requests come from a login moments ago. Undefined hands over to `identify`.
 */
function identifyFromCache(ip: string, login: PasswordLogin, projectNames: string[]): Who | undefined {
  let peeked: TokenContext | undefined;
  const fast = authenticateFromCache({
    username: login.username,
    password: login.password,
    ip,
    audience: 'registry',
    peekUser: (userId) => (peeked = peekTokenContext({ userId, projectNames }))?.user,
  });
  const projects = fast && projectsFromCache(fast, projectNames, peeked);
  return fast && projects
    ? { principal: fast, projects, offline: login.offline, grant: login.grant }
    : undefined;
}

/**
 * Who is asking (through the credential module), with the scopes' projects. For a password
 * checked in full, the user row and the projects come in one round trip.
 */
async function identify(
  req: TokenRequest,
  form: URLSearchParams | undefined,
  login: PasswordLogin | undefined,
  projectNames: string[],
): Promise<Who | TokenResponse> {
  if (login) {
    let preloaded: TokenContext | undefined;
    const principal = await authenticate({
      username: login.username,
      password: login.password,
      ip: req.ip,
      audience: 'registry',
      loadUser: async (userId) => {
        preloaded = await loadTokenContext({ userId, projectNames });
        return preloaded.user;
      },
    });
    // The same row object means no revalidation re-read it: the preloaded roles are current.
    const current = principal.kind === 'user' && preloaded?.user === principal.user;
    return {
      principal,
      projects: await projectsFor(principal, projectNames, current ? preloaded!.projects : undefined),
      offline: login.offline,
      grant: login.grant,
    };
  }
  if (req.method === 'GET')
    return {
      principal: ANONYMOUS,
      projects: await projectsFor(ANONYMOUS, projectNames),
      offline: req.query.get('offline_token') === 'true',
      grant: 'anonymous',
    };
  const grantType = form?.get('grant_type');
  if (grantType === 'refresh_token') {
    const token = form!.get('refresh_token');
    if (!token) return failure(400, 'grant_type=refresh_token needs refresh_token', 'invalid_request');
    const principal = await resolveRefreshToken(token);
    if (!principal)
      return failure(401, 'the refresh token is invalid, expired or revoked: log in again', 'invalid_grant');
    return {
      principal,
      projects: await projectsFor(principal, projectNames),
      refreshToken: token,
      offline: false,
      grant: 'refresh_token',
    };
  }
  return grantType
    ? failure(400, `unsupported grant_type ${grantType.slice(0, 40)}`, 'unsupported_grant_type')
    : failure(400, 'grant_type is required', 'invalid_request');
}

/**
 * Every action left out of a token: one info line with its chain of reasons (the registry's
 * "denied" cannot carry one) and a count by reason in /metrics.
 */
function reportDenials(subject: string, ip: string, denials: readonly Denial[]): void {
  for (const d of denials) {
    inc('wharf_access_denied_total', 'Denied actions and credentials by reason', { reason: d.code });
    log.info('access denied', {
      subject: subject || 'anonymous',
      ip,
      scope: d.scope,
      action: d.action,
      reason: d.code,
      reasons: d.reasons,
    });
  }
}

/** The token endpoint, counted and timed for /metrics. */
export async function handleTokenRequest(req: TokenRequest): Promise<TokenResponse> {
  const started = performance.now();
  let result = 'error';
  try {
    const res = await issueToken(req);
    result =
      res.status === 200
        ? 'ok'
        : res.status === 401
          ? 'unauthorized'
          : res.status === 429
            ? 'throttled'
            : 'bad_request';
    return res;
  } finally {
    inc('wharf_token_requests_total', 'Token requests by result', { result });
    observe(
      'wharf_token_request_duration_seconds',
      'Token request latency',
      (performance.now() - started) / 1000,
      TOKEN_BUCKETS,
    );
  }
}

async function issueToken(req: TokenRequest): Promise<TokenResponse> {
  const env = getEnv();
  const form = req.method === 'POST' ? req.form : undefined;
  const params = form ?? req.query;
  const service = params.get('service') ?? env.REGISTRY_SERVICE;
  if (service !== env.REGISTRY_SERVICE)
    return failure(400, `unknown service "${service.slice(0, 100)}"`, 'invalid_request');

  let scopes;
  try {
    // Every `scope` field: podman, skopeo and buildah repeat it (cross-repository mounts).
    scopes = parseScopes((form ?? req.query).getAll('scope'));
  } catch (err) {
    if (err instanceof ScopeError) return scopeErrorResponse(err);
    throw err;
  }

  const projectNames = projectNamesOf(scopes);
  const login = passwordLogin(req, form);
  if (login && 'status' in login) return login;
  let who: Who | TokenResponse;
  try {
    // A login verified moments ago is answered from memory, without waiting on anything.
    who =
      (login && identifyFromCache(req.ip, login, projectNames)) ??
      (await identify(req, form, login, projectNames));
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthorized')
      return failure(
        401,
        err.message === INVALID_CREDENTIALS ? 'incorrect username or password' : err.message,
        'invalid_grant',
      );
    if (err instanceof AppError && err.code === 'too_many_requests') {
      return failure(429, err.message, 'invalid_grant', err.retryAfterSeconds);
    }
    // The directory is down: the client cannot be let in, but it is not its password's fault.
    if (err instanceof AppError && err.code === 'unavailable')
      return failure(401, err.message, 'invalid_grant');
    throw err;
  }
  if ('status' in who) return who;

  const { principal } = who;
  const user = principal.kind === 'user' ? principal.user : null;
  // Read-only credentials are limited by the permission table itself (principalOf → can);
  // the catalog is for administrators with a full credential.
  const isAdmin = !!user?.isAdmin && principal.kind === 'user' && !principal.readOnly;
  const { access, denials } = computeGrants({ scopes, isAdmin, projects: who.projects, ip: req.ip });
  const subject = principal.kind === 'robot' ? principal.robot.name : (user?.username ?? '');
  reportDenials(subject, req.ip, denials);

  const signed = await signRegistryToken({
    key: signingKeyNow() ?? (await getSigningKey()),
    subject,
    audience: env.REGISTRY_SERVICE,
    issuer: env.TOKEN_ISSUER,
    lifetimeSeconds: env.TOKEN_LIFETIME,
    access,
  });
  if (isLevelEnabled('debug'))
    log.debug('token issued', {
      subject: subject || 'anonymous',
      grant: who.grant,
      requested: scopes.map(formatScope),
      granted: access.map((a) => formatScope({ ...a })),
    });

  let refreshToken = who.refreshToken;
  if (who.offline && principal.kind === 'user' && principal.credential) {
    // Bound to the credential of this login: a token login's refresh token is the token's.
    refreshToken = await issueRefreshToken({
      user: principal.user,
      source: principal.credential,
      clientId: (form ?? req.query).get('client_id') ?? undefined,
      userAgent: req.userAgent,
      ip: req.ip,
    });
  }
  if (user && scopes.length === 0 && who.grant !== 'refresh_token') {
    // A token request without scopes is a client's login (docker/podman/skopeo login).
    await recordAudit({
      actor: user,
      action: 'user.login',
      targetType: 'user',
      target: user.username,
      sourceIp: req.ip,
      detail: {
        via: 'registry',
        client: req.userAgent?.slice(0, 120) ?? null,
        ...(principal.kind === 'user' && principal.credential?.tokenName
          ? { token: principal.credential.tokenName }
          : {}),
      },
    });
  }

  const rest = {
    expires_in: signed.expiresIn,
    issued_at: signed.issuedAt,
    ...(form ? { scope: access.map((a) => formatScope(a)).join(' ') } : {}),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
  return {
    status: 200,
    body: { token: signed.token, access_token: signed.token, ...rest },
    json: tokenAnswerJson(signed.token, rest),
  };
}
