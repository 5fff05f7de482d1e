// The Docker token endpoint (GET and POST /v2/token), per protocol.md §2: Basic or OAuth2
// password/refresh grants, scope intersection with the permission table, RS256 tokens the
// registry accepts, refresh tokens for docker login. Bad credentials are always 401 with a
// body docker prints; a denied scope is never an error (the token just lacks it).
import 'server-only';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { inc, observe, TOKEN_BUCKETS } from '@/lib/metrics';
import { highestRole, type ProjectAction } from '@/lib/permissions';
import { robotProjects, type RobotPrincipal } from '@/lib/robots/auth';
import { recordAudit } from '@/lib/audit/record';
import { ANONYMOUS, userActor, type Actor } from '@/lib/auth/actor';
import { authenticate, isCachedCredentialCurrent, lookupCachedCredential } from '@/lib/auth/credentials';
import { principalOf } from '@/lib/projects/access';
import { loadTokenContext, type ProjectRow } from '@/lib/tokens/context';
import { computeGrants, projectNamesOf, type ProjectGrantInfo } from '@/lib/tokens/grants';
import { signRegistryToken } from '@/lib/tokens/jwt';
import { issueRefreshToken, redeemRefreshToken } from '@/lib/tokens/refresh-tokens';
import { parseScopes, ScopeError, formatScope } from '@/lib/tokens/scope';
import {
  scopeErrorResponse,
  tokenErrorResponse,
  type OAuthErrorCode,
  type TokenErrorStatus,
} from '@/lib/tokens/errors';
import { getSigningKey } from '@/lib/tokens/signing';

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
  headers?: Record<string, string>;
};

const failure = (
  status: TokenErrorStatus,
  message: string,
  oauth?: OAuthErrorCode,
  retryAfterSeconds?: number,
): TokenResponse => tokenErrorResponse({ status, message, oauth, retryAfterSeconds });

function parseBasic(header: string | null): { username: string; password: string } | null | 'malformed' {
  if (!header) return null;
  if (!/^basic /i.test(header)) return 'malformed';
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 1 ? 'malformed' : { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
}

function grantInfo(actor: Actor, projects: ProjectRow[]): Map<string, ProjectGrantInfo> {
  return new Map(
    projects.map((p) => [
      p.name,
      { isPublic: p.isPublic, principal: principalOf(actor, highestRole(p.roles)) },
    ]),
  );
}

type Who = {
  actor: Actor;
  /** Set when a robot asks; `actor` is then anonymous and the robot's grants are in `projects`. */
  robot?: RobotPrincipal;
  projects: Map<string, ProjectGrantInfo>;
  readOnly?: boolean;
  refreshToken?: string;
  offline: boolean;
  grant: string;
};

/**
 * Who is asking, with the scopes' projects loaded in the same round trip when the
 * credentials are in the cache (the common case during a push); two round trips otherwise.
 */
async function identify(
  req: TokenRequest,
  form: URLSearchParams | undefined,
  projectNames: string[],
): Promise<Who | TokenResponse> {
  const withProjects = async (actor: Actor) =>
    grantInfo(
      actor,
      (
        await loadTokenContext({
          userId: actor.kind === 'user' ? actor.user.id : null,
          groups: actor.kind === 'user' ? actor.groups : [],
          projectNames,
        })
      ).projects,
    );
  const byPassword = async (
    username: string,
    password: string,
  ): Promise<Pick<Who, 'actor' | 'robot' | 'projects' | 'readOnly'>> => {
    const hit = lookupCachedCredential({ username, password, ip: req.ip });
    if (hit) {
      const ctx = await loadTokenContext({ userId: hit.userId, groups: hit.groups, projectNames });
      if (isCachedCredentialCurrent(hit, ctx.user)) {
        const actor = userActor(ctx.user, hit.groups);
        return { actor, projects: grantInfo(actor, ctx.projects) };
      }
    }
    const who = await authenticate({ username, password, ip: req.ip, audience: 'registry' });
    if (who.kind === 'robot') {
      const rows = await robotProjects(who.robot.id, projectNames);
      const projects = new Map(
        rows.map((p) => [
          p.name,
          {
            isPublic: p.isPublic,
            principal: { kind: 'robot' as const, actions: p.actions as ProjectAction[] },
          },
        ]),
      );
      return { actor: ANONYMOUS, robot: who.robot, projects };
    }
    const actor = userActor(who.user, who.groups, who.readOnly);
    return { actor, projects: await withProjects(actor), readOnly: who.readOnly };
  };
  if (req.method === 'GET') {
    const basic = parseBasic(req.authorization);
    if (basic === 'malformed') return failure(401, 'malformed Authorization header: use Basic credentials');
    const offline = req.query.get('offline_token') === 'true';
    if (!basic)
      return { actor: ANONYMOUS, projects: await withProjects(ANONYMOUS), offline, grant: 'anonymous' };
    return { ...(await byPassword(basic.username, basic.password)), offline, grant: 'basic' };
  }
  const grantType = form?.get('grant_type');
  if (grantType === 'password') {
    const username = form!.get('username');
    const password = form!.get('password');
    if (!username || password === null)
      return failure(400, 'grant_type=password needs username and password', 'invalid_request');
    return {
      ...(await byPassword(username, password)),
      offline: form!.get('access_type') === 'offline',
      grant: 'password',
    };
  }
  if (grantType === 'refresh_token') {
    const token = form!.get('refresh_token');
    if (!token) return failure(400, 'grant_type=refresh_token needs refresh_token', 'invalid_request');
    const user = await redeemRefreshToken(token);
    if (!user)
      return failure(401, 'the refresh token is invalid, expired or revoked: log in again', 'invalid_grant');
    const actor = userActor(user);
    return {
      actor,
      projects: await withProjects(actor),
      refreshToken: token,
      offline: false,
      grant: 'refresh_token',
    };
  }
  return grantType
    ? failure(400, `unsupported grant_type ${grantType.slice(0, 40)}`, 'unsupported_grant_type')
    : failure(400, 'grant_type is required', 'invalid_request');
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
    scopes = parseScopes(form ? [form.get('scope') ?? ''] : req.query.getAll('scope'));
  } catch (err) {
    if (err instanceof ScopeError) return scopeErrorResponse(err);
    throw err;
  }

  const projectNames = projectNamesOf(scopes);
  let who: Who | TokenResponse;
  try {
    who = await identify(req, form, projectNames);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthorized')
      return failure(401, 'incorrect username or password', 'invalid_grant');
    if (err instanceof AppError && err.code === 'too_many_requests') {
      return failure(429, err.message, 'invalid_grant', err.retryAfterSeconds);
    }
    // The directory is down: the client cannot be let in, but it is not its password's fault.
    if (err instanceof AppError && err.code === 'unavailable')
      return failure(401, err.message, 'invalid_grant');
    throw err;
  }
  if ('status' in who) return who;

  const { actor } = who;
  const isAdmin = actor.kind === 'user' && actor.user.isAdmin && !who.readOnly;
  const grants = computeGrants({ scopes, isAdmin, projects: who.projects });
  // A read-only personal token never gets more than pull, whatever its user may do.
  const access = who.readOnly
    ? grants.access
        .map((a) => ({
          ...a,
          actions: a.actions.includes('*') ? ['pull'] : a.actions.filter((x) => x === 'pull'),
        }))
        .filter((a) => a.actions.length && a.type === 'repository')
    : grants.access;
  const denials = grants.denials;
  const subject = who.robot ? who.robot.name : actor.kind === 'user' ? actor.user.username : '';

  const signed = await signRegistryToken({
    key: await getSigningKey(),
    subject,
    audience: env.REGISTRY_SERVICE,
    issuer: env.TOKEN_ISSUER,
    lifetimeSeconds: env.TOKEN_LIFETIME,
    access,
  });
  log.debug('token issued', {
    subject: subject || 'anonymous',
    grant: who.grant,
    requested: scopes.map(formatScope),
    granted: access.map((a) => formatScope({ ...a })),
    denied: denials,
  });

  let refreshToken = who.refreshToken;
  if (who.offline && actor.kind === 'user') {
    const clientId = (form ?? req.query).get('client_id') ?? undefined;
    refreshToken = await issueRefreshToken({
      userId: actor.user.id,
      clientId,
      userAgent: req.userAgent,
      ip: req.ip,
    });
  }
  if (actor.kind === 'user' && scopes.length === 0 && who.grant !== 'refresh_token') {
    // A token request without scopes is a client's login (docker/podman/skopeo login).
    await recordAudit({
      actor: actor.user,
      action: 'user.login',
      targetType: 'user',
      target: actor.user.username,
      sourceIp: req.ip,
      detail: { via: 'registry', client: req.userAgent?.slice(0, 120) ?? null },
    });
  }

  return {
    status: 200,
    body: {
      token: signed.token,
      access_token: signed.token,
      expires_in: signed.expiresIn,
      issued_at: signed.issuedAt,
      ...(form ? { scope: access.map((a) => formatScope(a)).join(' ') } : {}),
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    },
  };
}
