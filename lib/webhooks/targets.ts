// Where webhooks may send (SSRF guard). Every address a webhook's host resolves to is checked,
// at creation and again at each delivery (the connection goes to the checked address, so a
// DNS answer that changes in between cannot redirect it):
// - loopback, link-local (cloud metadata at 169.254.169.254), unspecified and multicast
//   addresses only with WEBHOOK_ALLOW_PRIVATE=true;
// - other private ranges (RFC 1918, CGNAT, IPv6 ULA …) with WEBHOOK_ALLOW_PRIVATE=true or when
//   an administrator lists them in `webhookAllowedNetworks`;
// - public addresses: any, or when that list is not empty, only inside it.
import { BlockList, isIP } from 'node:net';

const INTERNAL_V4 = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];
const PRIVATE_V4 = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
];
const INTERNAL_V6 = ['::/128', '::1/128', 'fe80::/10', 'ff00::/8'];
const PRIVATE_V6 = ['fc00::/7', '64:ff9b::/96', '100::/64', '2001:db8::/32', '2001::/23'];

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const c of v4) list.addSubnet(c.split('/')[0]!, Number(c.split('/')[1]), 'ipv4');
  for (const c of v6) list.addSubnet(c.split('/')[0]!, Number(c.split('/')[1]), 'ipv6');
  return list;
}
const INTERNAL = blockList(INTERNAL_V4, INTERNAL_V6);
const PRIVATE = blockList(PRIVATE_V4, PRIVATE_V6);

/** `10.0.0.0/8`, `2001:db8::/32` or a single address. */
export function parseCidr(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', bits] = text.trim().split('/');
  const version = isIP(address);
  if (!version) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export type TargetPolicy = { allowPrivate: boolean; networks: readonly string[] };

/** Why an address may not be a webhook target, or null when it may. */
export function refusedAddress(address: string, policy: TargetPolicy): string | null {
  let ip = address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const version = isIP(ip);
  if (!version) return `${address} is not an IP address`;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const listed = new BlockList();
  for (const n of policy.networks) {
    const c = parseCidr(n);
    if (c) listed.addSubnet(c.address, c.prefix, c.family);
  }
  const inList = listed.check(ip, family);
  if (INTERNAL.check(ip, family))
    return policy.allowPrivate ? null : `${address} is a loopback, link-local or reserved address`;
  if (PRIVATE.check(ip, family))
    return policy.allowPrivate || inList
      ? null
      : `${address} is a private address not in the allowed networks`;
  if (policy.networks.length && !inList) return `${address} is not in the networks webhooks may target`;
  return null;
}
