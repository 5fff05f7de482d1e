// POST /api/registry/events – the registry's notification sink (Bearer REGISTRY_NOTIFY_SECRET)
import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse, readJson, toErrorResponse } from '@/lib/http';
import { EVENTS_MEDIA_TYPES, ingestEvents, isAuthorizedNotifier } from '@/lib/registry/notifications';

export async function POST(req: NextRequest) {
  if (!isAuthorizedNotifier(req.headers.get('authorization'))) {
    return errorResponse('unauthorized', 'notifications need Authorization: Bearer <REGISTRY_NOTIFY_SECRET>');
  }
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type && !EVENTS_MEDIA_TYPES.includes(type) && type !== 'application/json') {
    // Answer 2xx anyway: a 4xx would block the registry's queue forever (it retries in order).
    return NextResponse.json({ received: 0, ignored: `media type ${type}` }, { status: 202 });
  }
  let body: unknown;
  try {
    body = await readJson(req, 4 * 1024 * 1024);
  } catch {
    return NextResponse.json({ received: 0, ignored: 'body is not JSON' }, { status: 202 });
  }
  try {
    return NextResponse.json(await ingestEvents(body), { status: 200 });
  } catch (err) {
    // Database down: 503, and the registry delivers the event again later.
    return toErrorResponse(err);
  }
}
