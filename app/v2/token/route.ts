// GET/POST /v2/token – the Docker registry token endpoint under the Next.js router (a plain
// `next start`, or before Wharf's server has the edge): a thin adapter to the same HTTP edge
// Wharf's server calls (lib/tokens/http-edge.ts). Every method comes here, so that the edge
// answers 405 itself.
import type { NextRequest } from 'next/server';
import { readWebBody } from '@/lib/edge/read-body';
import { clientIp } from '@/lib/http';
import { handleTokenEdge } from '@/lib/tokens/http-edge';

export const dynamic = 'force-dynamic';

async function handle(req: NextRequest): Promise<Response> {
  const res = await handleTokenEdge({
    method: req.method,
    url: req.url,
    header: (name) => req.headers.get(name),
    readBody: (maxBytes) => readWebBody(req.body, maxBytes),
    clientAddress: clientIp(req.headers),
    requestId: req.headers.get('x-request-id') ?? undefined,
    entry: 'next',
  });
  return new Response(req.method === 'HEAD' ? null : res.body, { status: res.status, headers: res.headers });
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const HEAD = handle;
export const OPTIONS = handle;
