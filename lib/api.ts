// The one wrapper for REST route handlers: authenticate (session cookie or HTTP Basic),
// run the handler, map every error to the JSON envelope.
import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { isSameOriginRequest } from '@/lib/edge/same-origin';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { clientIp, readJson, toErrorResponse } from '@/lib/http';
import { ANONYMOUS, type Actor } from '@/lib/auth/actor';
import { getCurrentActor } from '@/lib/auth/session';
import { authenticateUser } from '@/lib/auth/credentials';
import { parseBasicAuth } from '@/lib/auth/basic';

export type ApiContext<P> = {
  req: NextRequest;
  params: P;
  actor: Actor;
  ip: string;
  /** The parsed JSON body (size-capped; JSON content type required). */
  body: () => Promise<unknown>;
};

type Options = { auth?: 'required' | 'optional' };
type RouteCtx<P> = { params: Promise<P> };

async function authenticate(req: NextRequest, ip: string): Promise<Actor> {
  const basic = parseBasicAuth(req.headers.get('authorization'));
  if (basic === 'malformed') throw new AppError('unauthorized', 'malformed Basic credentials');
  if (basic) return authenticateUser({ ...basic, ip, audience: 'api' });
  return (await getCurrentActor()) ?? ANONYMOUS;
}

/**
 * A session cookie rides along with requests that other sites' pages start (a form on another
 * port of the same host is same-site): changes made with it must come from Wharf's own origin.
 */
function assertSameOrigin(req: NextRequest, actor: Actor): void {
  if (actor.kind === 'anonymous') return;
  const credential = /^basic /i.test(req.headers.get('authorization') ?? '') ? 'explicit' : 'cookie';
  const origin = { origin: req.headers.get('origin'), secFetchSite: req.headers.get('sec-fetch-site') };
  if (!isSameOriginRequest({ method: req.method, ...origin, appUrl: getEnv().WHARF_URL, credential }))
    throw new AppError('forbidden', 'cross-origin request refused');
}

export function json(data: unknown, status = 200): NextResponse {
  return NextResponse.json(data, { status });
}

export function apiRoute<P = Record<string, never>>(
  options: Options,
  handler: (ctx: ApiContext<P>) => Promise<NextResponse | unknown>,
) {
  return async (req: NextRequest, routeCtx: RouteCtx<P>): Promise<NextResponse> => {
    const ip = clientIp(req.headers);
    try {
      const actor: Actor = { ...(await authenticate(req, ip)), ip };
      if ((options.auth ?? 'required') === 'required' && actor.kind === 'anonymous') {
        const res = toErrorResponse(new AppError('unauthorized', 'sign in, or send HTTP Basic credentials'));
        res.headers.set('WWW-Authenticate', 'Basic realm="Wharf"');
        return res;
      }
      assertSameOrigin(req, actor);
      if (actor.kind === 'user' && actor.readOnly && req.method !== 'GET' && req.method !== 'HEAD') {
        throw new AppError('forbidden', 'this personal access token is read-only');
      }
      const params = (await routeCtx.params) ?? ({} as P);
      const body = async () => {
        const type = req.headers.get('content-type') ?? '';
        // JSON only: a cross-site HTML form cannot send it without a CORS preflight.
        if (!type.toLowerCase().startsWith('application/json')) {
          throw new AppError('bad_request', 'send the body as application/json');
        }
        return readJson(req);
      };
      const result = await handler({ req, params, actor, ip, body });
      if (result instanceof NextResponse) return result;
      if (result === undefined) return new NextResponse(null, { status: 204 });
      return json(result);
    } catch (err) {
      return toErrorResponse(err, { requestId: req.headers.get('x-request-id') ?? undefined });
    }
  };
}
