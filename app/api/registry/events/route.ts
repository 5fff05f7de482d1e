// POST /api/registry/events – the registry's notification sink (Bearer REGISTRY_NOTIFY_SECRET)
import { NextResponse, type NextRequest } from 'next/server';
import { errorResponse } from '@/lib/http';
import { canQueueEvents } from '@/lib/registry/ingest';
import {
  acceptNotification,
  EVENTS_MEDIA_TYPES,
  isAuthorizedNotifier,
  readEventsBody,
} from '@/lib/registry/notifications';

export async function POST(req: NextRequest) {
  if (!isAuthorizedNotifier(req.headers.get('authorization'))) {
    return errorResponse('unauthorized', 'notifications need Authorization: Bearer <REGISTRY_NOTIFY_SECRET>');
  }
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type && !EVENTS_MEDIA_TYPES.includes(type) && type !== 'application/json') {
    // Answer 2xx anyway: a 4xx would block the registry's queue forever (it retries in order).
    return NextResponse.json({ received: 0, ignored: `media type ${type}` }, { status: 202 });
  }
  if (!canQueueEvents()) {
    // Database down (or far behind): the registry delivers the event again later.
    return errorResponse('unavailable', 'Wharf cannot record registry events right now; deliver them again', {
      headers: { 'Retry-After': '1' },
    });
  }
  const length = req.headers.get('content-length');
  const body = await readEventsBody(req.body, undefined, length ? Number(length) : undefined);
  return NextResponse.json(acceptNotification(body), { status: 202 });
}
