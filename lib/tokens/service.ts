// The Docker token endpoint (GET and POST /v2/token), per protocol.md §2: Basic or OAuth2
// password/refresh grants, scope intersection with the permission table, RS256 tokens the
// registry accepts, refresh tokens for docker login. Bad credentials are always 401 with a
// body docker prints; a denied scope is never an error (the token just lacks it).
import 'server-only';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { highestRole } from '@/lib/permissions';
import { recordAudit } from '@/lib/audit/record';
import { ANONYMOUS, userActor, type Actor } from '@/lib/auth/actor';
import { authenticate, isCachedCredentialCurrent, lookupCachedCredential } from '@/lib/auth/credentials';
import { principalOf } from '@/lib/projects/access';
import { loadTokenContext, type ProjectRow } from '@/lib/tokens/context';
import { computeGrants, projectOf, type ProjectGrantInfo } from '@/lib/tokens/grants';
import { signRegistryToken } from '@/lib/tokens/jwt';
import { issueRefreshToken, redeemRefreshToken } from '@/lib/tokens/refresh-tokens';
import { parseScopes, ScopeError, formatScope } from '@/lib/tokens/scope';
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

/** Error bodies docker, containerd and containers/image all print (protocol.md §2.4). */
function failure(
  status: number,
  message: string,
  oauthError?: string,
  headers?: Record<string, string>,
): TokenResponse {
  const code =
    status === 401
      ? 'UNAUTHORIZED'
      : status === 429
        ? 'TOOMANYREQUESTS'
        : status === 403
          ? 'DENIED'
          : 'INVALID_REQUEST';
  return {
    status,
    body: {
      details: message,
      errors: [{ code, message }],
      ...(oauthError ? { error: oauthError, error_description: message } : {}),
    },
    headers,
  };
}

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

type Who = { actor: Actor; projects: ProjectRow[]; refreshToken?: string; offline: boolean; grant: string };

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
    (
      await loadTokenContext({
        userId: actor.kind === 'user' ? actor.user.id : null,
        groups: actor.kind === 'user' ? actor.groups : [],
        projectNames,
      })
    ).projects;
  const byPassword = async (
    username: string,
    password: string,
  ): Promise<{ actor: Actor; projects: ProjectRow[] }> => {
    const hit = lookupCachedCredential({ username, password, ip: req.ip });
    if (hit) {
      const ctx = await loadTokenContext({ userId: hit.userId, groups: hit.groups, projectNames });
      if (isCachedCredentialCurrent(hit, ctx.user))
        return { actor: userActor(ctx.user, hit.groups), projects: ctx.projects };
    }
    const { user, groups } = await authenticate({ username, password, ip: req.ip });
    const actor = userActor(user, groups);
    return { actor, projects: await withProjects(actor) };
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

export async function handleTokenRequest(req: TokenRequest): Promise<TokenResponse> {
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
    if (err instanceof ScopeError) return failure(400, err.message, 'invalid_scope');
    throw err;
  }

  const projectNames = [
    ...new Set(scopes.filter((s) => s.type === 'repository').map((s) => projectOf(s.name))),
  ];
  let who: Who | TokenResponse;
  try {
    who = await identify(req, form, projectNames);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthorized')
      return failure(401, 'incorrect username or password', 'invalid_grant');
    if (err instanceof AppError && err.code === 'too_many_requests') {
      return failure(429, err.message, 'invalid_grant', {
        'Retry-After': String(err.retryAfterSeconds ?? 60),
      });
    }
    throw err;
  }
  if ('status' in who) return who;

  const { actor } = who;
  const projects = grantInfo(actor, who.projects);
  const isAdmin = actor.kind === 'user' && actor.user.isAdmin;
  const { access, denials } = computeGrants({ scopes, isAdmin, projects });
  const subject = actor.kind === 'user' ? actor.user.username : '';

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
