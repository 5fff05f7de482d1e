// GET/POST /v2/token – the Docker registry token endpoint (token spec and OAuth2 variant)
import { NextResponse, type NextRequest } from 'next/server';
import { clientIp } from '@/lib/http';
import { log } from '@/lib/log';
import { handleTokenRequest, type TokenRequest } from '@/lib/tokens/service';

export const dynamic = 'force-dynamic';

async function respond(
  req: NextRequest,
  extra: Pick<TokenRequest, 'method' | 'form'>,
): Promise<NextResponse> {
  try {
    const res = await handleTokenRequest({
      ...extra,
      query: req.nextUrl.searchParams,
      authorization: req.headers.get('authorization'),
      ip: clientIp(req.headers),
      userAgent: req.headers.get('user-agent') ?? undefined,
    });
    return NextResponse.json(res.body, {
      status: res.status,
      headers: { 'Cache-Control': 'no-store', ...res.headers },
    });
  } catch (err) {
    // Never a stack trace to a registry client; 503 tells it the service is down, not the password wrong.
    log.error('token request failed', { err });
    return NextResponse.json(
      {
        details: 'the token service is temporarily unavailable',
        errors: [{ code: 'UNAVAILABLE', message: 'the token service is temporarily unavailable' }],
      },
      { status: 503, headers: { 'Retry-After': '5' } },
    );
  }
}

export function GET(req: NextRequest) {
  return respond(req, { method: 'GET' });
}

export async function POST(req: NextRequest) {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return NextResponse.json(
      {
        error: 'invalid_request',
        error_description: 'send application/x-www-form-urlencoded',
        details: 'send application/x-www-form-urlencoded',
      },
      { status: 400 },
    );
  }
  const text = await req.text();
  if (text.length > 64 * 1024)
    return NextResponse.json({ error: 'invalid_request', details: 'body too large' }, { status: 413 });
  return respond(req, { method: 'POST', form: new URLSearchParams(text) });
}
