// How Wharf's server (scripts/start.ts) tells route handlers the client address it computed
// from the socket: a request header, marked with an HMAC under a random key that exists only
// in this process's memory (generated at each start). A client can send the header, but not
// the mark; under a plain `next start` there is no key and the header is never believed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { clientAddress, normalizeIp } from './client-address';

export const CLIENT_ADDRESS_HEADER = 'x-wharf-client-ip';
export const CLIENT_ADDRESS_MAC_HEADER = 'x-wharf-client-ip-mac';
/** Set by the launcher in its own process (the one Next.js runs in); never configured by hand. */
export const EDGE_KEY_ENV = 'WHARF_EDGE_KEY';

export function createEdgeKey(): string {
  return randomBytes(32).toString('base64url');
}

function mac(address: string, key: string): string {
  return createHmac('sha256', key).update(address).digest('base64url');
}

/** The two headers the server sets on every request (overwriting whatever the client sent). */
export function clientAddressHeaders(address: string, key: string): Record<string, string> {
  return { [CLIENT_ADDRESS_HEADER]: address, [CLIENT_ADDRESS_MAC_HEADER]: mac(address, key) };
}

export type ForwardedAddressOptions = {
  header: (name: string) => string | null | undefined;
  /** The launcher's key; undefined under a plain `next start`. */
  key: string | undefined;
  trustedHops: number;
};

/**
 * The client address inside the app. With the launcher's key: its marked header, or
 * 'unknown' if the mark is wrong. Without it (plain `next start`, which gives route
 * handlers no socket address): X-Forwarded-For by the trusted-hops rule, else 'unknown'.
 */
export function forwardedClientAddress({ header, key, trustedHops }: ForwardedAddressOptions): string {
  if (key) {
    const address = header(CLIENT_ADDRESS_HEADER) ?? '';
    const expected = Buffer.from(mac(address, key));
    const given = Buffer.from(header(CLIENT_ADDRESS_MAC_HEADER) ?? '');
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    return (valid && normalizeIp(address)) || 'unknown';
  }
  return clientAddress({ socketAddress: null, forwardedFor: header('x-forwarded-for'), trustedHops });
}
