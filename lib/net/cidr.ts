// Network rules' address ranges (CIDR, IPv4 and IPv6): validation for request bodies and a
// matcher for the permission table. Pure and free of Node imports: lib/permissions.ts, which
// client components import too, matches with it.
import { z } from 'zod';

/** The most ranges one rule may list: enough for real networks, bounded for the hot path. */
export const MAX_CIDRS = 100;

type Family = 'ipv4' | 'ipv6';
type Address = { family: Family; value: bigint };
type Range = Address & { prefix: number };

const WIDTH: Record<Family, number> = { ipv4: 32, ipv6: 128 };

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    // Decimal only, no leading zeros (`010` is octal to some parsers): as Node's isIP.
    if (!/^(?:0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): string[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    const last = groups[groups.length - 1]!;
    if (last.includes('.')) {
      const v4 = parseIpv4(last);
      if (v4 === null) return null;
      groups.splice(-1, 1, (v4 >> 16n).toString(16), (v4 & 0xffffn).toString(16));
    }
    return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups : null;
  };
  const left = groupsOf(halves[0]!);
  const right = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!left || !right) return null;
  // An embedded IPv4 part may only end the address.
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...left, ...Array<string>(missing).fill('0'), ...right].reduce(
    (acc, g) => (acc << 16n) | BigInt(`0x${g}`),
    0n,
  );
}

const MAPPED_PREFIX = 0xffffn << 32n;

/** An IP address (`[…]` brackets allowed); an IPv4-mapped IPv6 address is its IPv4 address. */
export function parseIp(text: string | null | undefined): Address | null {
  if (!text) return null;
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const v4 = parseIpv4(t);
  if (v4 !== null) return { family: 'ipv4', value: v4 };
  const v6 = t.includes(':') ? parseIpv6(t) : null;
  if (v6 === null) return null;
  if (v6 >> 32n === MAPPED_PREFIX >> 32n) return { family: 'ipv4', value: v6 & 0xffffffffn };
  return { family: 'ipv6', value: v6 };
}

function formatAddress({ family, value }: Address): string {
  if (family === 'ipv4')
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt((7 - i) * 16)) & 0xffffn);
  // RFC 5952: the longest run (2+) of zero groups becomes `::`.
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/**
 * A CIDR, or null when it is not one. A bare address is the range of that one address (`/32`
 * or `/128`); host bits must be zero, so a typo such as `10.0.0.1/8` is refused instead of
 * silently widening.
 */
export function parseCidr(text: string): Range | null {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const width = WIDTH[ip.family];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  if (prefix > width) return null;
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) return null;
  return { ...ip, prefix };
}

/** Canonical text: `10.0.0.0/8`, `fd00::/8`. */
export const formatCidr = (c: Range): string => `${formatAddress(c)}/${c.prefix}`;

/** One CIDR in a request body, stored canonical. */
export const cidrSchema = z
  .string()
  .max(64, 'a CIDR is at most 64 characters')
  .transform((text, ctx) => {
    const parsed = parseCidr(text);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text.slice(0, 64)}" is not a CIDR such as 10.0.0.0/8 or fd00::/8 (address, then /prefix; host bits zero)`,
      });
      return z.NEVER;
    }
    return formatCidr(parsed);
  });

/** A list of CIDRs (a rule); duplicates are dropped, order kept. */
export const cidrListSchema = z
  .array(cidrSchema)
  .max(MAX_CIDRS, `at most ${MAX_CIDRS} CIDRs`)
  .transform((list) => [...new Set(list)]);

const inRange = (ip: Address, r: Range) => {
  if (ip.family !== r.family) return false;
  const shift = BigInt(WIDTH[r.family] - r.prefix);
  return ip.value >> shift === r.value >> shift;
};

/** Parsed lists, by their text (lists come from project and robot rows, not from requests). */
const ranges = new Map<string, Range[]>();

function rangesOf(cidrs: readonly string[]): Range[] {
  const key = cidrs.join(',');
  let list = ranges.get(key);
  if (!list) {
    list = cidrs.map(parseCidr).filter((c): c is Range => c !== null);
    if (ranges.size > 10_000) ranges.clear();
    ranges.set(key, list);
  }
  return list;
}

/**
 * The first range of `cidrs` that contains `ip` (canonical text), or null: no address, an
 * address that is not an IP, or no range matches.
 */
export function matchCidr(ip: string | null | undefined, cidrs: readonly string[]): string | null {
  if (cidrs.length === 0) return null;
  // A link-local client address may carry its zone (`fe80::1%eth0`); ranges have none.
  const address = parseIp(ip?.replace(/%[\w.-]+$/, ''));
  if (!address) return null;
  const hit = rangesOf(cidrs).find((r) => inRange(address, r));
  return hit ? formatCidr(hit) : null;
}
