// Where webhooks may send (SSRF guard). Every address a webhook's host resolves to is checked,
// at creation and again at each delivery (the connection goes to the checked address, so a
// DNS answer that changes in between cannot redirect it):
// - loopback, link-local (cloud metadata at 169.254.169.254), unspecified and multicast
//   addresses only with WEBHOOK_ALLOW_PRIVATE=true;
// - other private ranges (RFC 1918, CGNAT, IPv6 ULA …) with WEBHOOK_ALLOW_PRIVATE=true or when
//   an administrator lists them in `webhookAllowedNetworks`;
// - public addresses: any, or when that list is not empty, only inside it.
import { matchCidr, parseIp } from '@/lib/net/cidr';

const INTERNAL = [
  '0.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  'fe80::/10',
  'ff00::/8',
];
const PRIVATE = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  'fc00::/7',
  '64:ff9b::/96',
  '100::/64',
  '2001:db8::/32',
  '2001::/23',
];

export type TargetPolicy = { allowPrivate: boolean; networks: readonly string[] };

/** Why an address may not be a webhook target, or null when it may. */
export function refusedAddress(address: string, policy: TargetPolicy): string | null {
  // An IPv4-mapped IPv6 address is checked as the IPv4 address it is (lib/net/cidr.ts).
  if (!parseIp(address)) return `${address} is not an IP address`;
  const inList = matchCidr(address, policy.networks) !== null;
  if (matchCidr(address, INTERNAL))
    return policy.allowPrivate ? null : `${address} is a loopback, link-local or reserved address`;
  if (matchCidr(address, PRIVATE))
    return policy.allowPrivate || inList
      ? null
      : `${address} is a private address not in the allowed networks`;
  if (policy.networks.length && !inList) return `${address} is not in the networks webhooks may target`;
  return null;
}
