// The registry's notifications (distribution docs/notifications.md): authenticated, parsed and queued for the
// batch writer (lib/registry/ingest.ts) without a database round trip, because the registry
// posts one event at a time and waits for each answer. It retries failed deliveries forever
// and in order, so anything Wharf does not want is still answered 2xx; what it cannot take in
// (a body over 4 MB or over 1,000 events) is logged with its size and repaired by a reconcile.
import 'server-only';
import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { eventSchema, type RegistryEvent } from '@/lib/registry/events';
import { queueEvents } from '@/lib/registry/ingest';
import { requestReconcile } from '@/lib/registry/reconcile';

export { EVENTS_MEDIA_TYPES, PORTAL_SUBJECT } from '@/lib/registry/events';

export const MAX_EVENTS_BODY_BYTES = 4 * 1024 * 1024;
export const MAX_EVENTS_PER_BODY = 1000;

const envelopeSchema = z.object({ events: z.array(z.unknown()) });

/** Constant-time check of `Authorization: Bearer <REGISTRY_NOTIFY_SECRET>`. */
export function isAuthorizedNotifier(authorization: string | null): boolean {
  const secret = getEnv().REGISTRY_NOTIFY_SECRET;
  if (!secret || !authorization?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(authorization.slice(7)).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

export type EventsBody = { text: string } | { tooLarge: true; bytes: number; events: number };

/** Counts `"action"` keys (one per event) in a stream of text, across chunk boundaries. */
function eventCounter() {
  const KEY = '"action"';
  let carry = '';
  let count = 0;
  return {
    add(chunk: string) {
      const text = carry + chunk;
      for (let i = text.indexOf(KEY); i !== -1; i = text.indexOf(KEY, i + KEY.length)) count += 1;
      carry = text.slice(-(KEY.length - 1));
    },
    get count() {
      return count;
    },
  };
}

/**
 * Reads a notification body up to `maxBytes`. A larger one is read to its end without being
 * kept (memory stays flat) to count its events, so that the warning can say what was lost.
 */
export async function readEventsBody(
  body: ReadableStream<Uint8Array> | null,
  maxBytes = MAX_EVENTS_BODY_BYTES,
  declaredLength?: number,
): Promise<EventsBody> {
  if (!body) return { text: '' };
  // The common case, read in one go: Node never delivers more than a declared length.
  if (declaredLength !== undefined && declaredLength <= maxBytes)
    return { text: await new Response(body).text() };
  const chunks: Buffer[] = [];
  let bytes = 0;
  let counter: ReturnType<typeof eventCounter> | null = null;
  for await (const value of body as unknown as AsyncIterable<Uint8Array>) {
    bytes += value.length;
    if (!counter && bytes <= maxBytes) {
      chunks.push(Buffer.from(value));
      continue;
    }
    if (!counter) {
      counter = eventCounter();
      counter.add(Buffer.concat(chunks).toString('latin1'));
      chunks.length = 0;
    }
    counter.add(Buffer.from(value).toString('latin1'));
  }
  return counter
    ? { tooLarge: true, bytes, events: counter.count }
    : { text: Buffer.concat(chunks).toString('utf8') };
}

export type AcceptResult = {
  received: number;
  queued: number;
  invalid: number;
  dropped?: number;
  ignored?: string;
};

function dropped(why: string, count: number, detail: Record<string, unknown>): AcceptResult {
  log.warn(`registry notification dropped: ${why}; a reconcile will repair what it changed`, {
    events: count,
    ...detail,
  });
  requestReconcile(`dropped registry notification (${why})`);
  return { received: count, queued: 0, invalid: 0, dropped: count };
}

/** Takes one delivery in: its events are queued for the writer, in order. */
export function acceptNotification(body: EventsBody): AcceptResult {
  if ('tooLarge' in body)
    return dropped(`body over ${MAX_EVENTS_BODY_BYTES} bytes`, body.events, { bytes: body.bytes });
  let raw: unknown;
  try {
    raw = body.text ? JSON.parse(body.text) : {};
  } catch {
    log.warn('registry notification that is not JSON ignored');
    return { received: 0, queued: 0, invalid: 1, ignored: 'body is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    log.warn('registry notification without an events array ignored');
    return { received: 0, queued: 0, invalid: 1, ignored: 'no events array' };
  }
  const items = envelope.data.events;
  if (items.length > MAX_EVENTS_PER_BODY)
    return dropped(`over ${MAX_EVENTS_PER_BODY} events`, items.length, {});
  const events: RegistryEvent[] = [];
  for (const item of items) {
    const parsed = eventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data);
  }
  queueEvents(events);
  return { received: items.length, queued: events.length, invalid: items.length - events.length };
}
