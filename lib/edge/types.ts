// A transport-neutral HTTP exchange: what an endpoint's edge module (e.g. lib/tokens/http-edge.ts)
// needs from a request and gives back, whichever server (Wharf's own in scripts/start.ts, or a
// Next.js route handler) carries it.

export type EdgeRequest = {
  method: string;
  /** The request target: `/path?query` or a full URL. */
  url: string;
  /** A request header by lower-case name (occurrences joined with commas), or null. */
  header: (name: string) => string | null;
  /** The body, or null as soon as it exceeds `maxBytes` (nothing past that is buffered). */
  readBody: (maxBytes: number) => Promise<Uint8Array | null>;
  /** Decided by the server from the socket and trusted proxies (lib/edge/client-address.ts). */
  clientAddress: string;
  requestId?: string;
  /** Which server carried it: Wharf's own (scripts/start.ts) or the Next.js router (for the logs). */
  entry: 'server' | 'next';
};

export type EdgeResponse = {
  status: number;
  headers: Record<string, string>;
  /** The serialized body. */
  body: string;
};
