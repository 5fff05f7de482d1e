// The client address of a request, from the socket and, behind trusted reverse proxies,
// from X-Forwarded-For. Pure, and free of Next.js imports: Wharf's server (scripts/start.ts)
// and the app both use it. Never trust a header a client can set without a proxy overwriting it.
import { isIP } from 'node:net';

/** An address as Wharf records it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4; not an IP → null. */
export function normalizeIp(value: string | null | undefined): string | null {
  if (!value) return null;
  let ip = value.trim();
  // `[2001:db8::1]` (RFC 7239 style) is accepted; ports are not (a proxy that appends them is misconfigured).
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const version = isIP(ip);
  if (version === 0) return null;
  return version === 6 ? ip.toLowerCase() : ip;
}

export type ClientAddressOptions = {
  /** The peer of the TCP connection (Wharf's server knows it; a plain `next start` route does not). */
  socketAddress?: string | null;
  /** The X-Forwarded-For header, all of its occurrences joined with commas. */
  forwardedFor?: string | null;
  /** How many reverse proxies in front of Wharf append to X-Forwarded-For (TRUST_PROXY; 0 = none). */
  trustedHops: number;
};

/**
 * The client address: with N trusted proxy hops, the N-th X-Forwarded-For entry from the
 * right, i.e. the one the outermost trusted proxy added (entries to its left came from the
 * client and are ignored). Falls back to the socket address when no proxy is trusted, the
 * header has fewer entries than hops, or that entry is not an IP address.
 */
export function clientAddress({ socketAddress, forwardedFor, trustedHops }: ClientAddressOptions): string {
  const socket = normalizeIp(socketAddress) ?? 'unknown';
  if (trustedHops < 1 || !forwardedFor) return socket;
  const entries = forwardedFor.split(',');
  if (entries.length < trustedHops) return socket;
  return normalizeIp(entries[entries.length - trustedHops]) ?? socket;
}
