import { describe, expect, it } from 'vitest';
import { cidrListSchema, formatCidr, matchCidr, parseCidr, parseIp } from '@/lib/net/cidr';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['127.0.0.1', '127.0.0.1/32'],
    [' 192.168.1.0/24 ', '192.168.1.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['FD00::/8', 'fd00::/8'],
    ['::1', '::1/128'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['::/0', '::/0'],
  ])('%s → %s', (text, canonical) => {
    const c = parseCidr(text);
    expect(c && formatCidr(c)).toBe(canonical);
  });

  it.each([
    '300.1.1.1/8',
    '10.0.0.0/33',
    'fd00::/129',
    'text',
    '',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.1/8',
    'fd00::1/8',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
  ])('refuses %j', (text) => expect(parseCidr(text)).toBeNull());
});

describe('cidrListSchema', () => {
  it('names the bad entry', () => {
    const r = cidrListSchema.safeParse(['10.0.0.0/8', '300.1.1.1/8']);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual([1]);
    expect(r.error!.issues[0]!.message).toMatch(/"300\.1\.1\.1\/8" is not a CIDR/);
  });
  it('canonicalizes and drops duplicates', () => {
    expect(cidrListSchema.parse(['127.0.0.1', '127.0.0.1/32', 'FD00::/8'])).toEqual([
      '127.0.0.1/32',
      'fd00::/8',
    ]);
  });
});

describe('matchCidr', () => {
  const rules = ['10.0.0.0/8', '127.0.0.0/8', 'fd00::/8'];
  it('returns the range that matched', () => {
    expect(matchCidr('127.0.0.1', rules)).toBe('127.0.0.0/8');
    expect(matchCidr('10.200.3.4', rules)).toBe('10.0.0.0/8');
    expect(matchCidr('fd12::5', rules)).toBe('fd00::/8');
  });
  it('matches a link-local client address with its zone', () =>
    expect(matchCidr('fe80::1%eth0', ['fe80::/10'])).toBe('fe80::/10'));
  it('treats IPv4-mapped IPv6 as IPv4', () =>
    expect(matchCidr('::ffff:127.0.0.1', rules)).toBe('127.0.0.0/8'));
  it('no match, no address, no rules', () => {
    expect(matchCidr('192.168.0.1', rules)).toBeNull();
    expect(matchCidr('::1', rules)).toBeNull();
    expect(matchCidr('unknown', rules)).toBeNull();
    expect(matchCidr(null, rules)).toBeNull();
    expect(matchCidr('10.0.0.1', [])).toBeNull();
  });
});

describe('parseIp agrees with Node', async () => {
  const { isIP } = await import('node:net');
  it.each([
    '1.2.3.4',
    '01.2.3.4',
    '1.2.3',
    '256.1.1.1',
    '::',
    '::1',
    '1::',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '::ffff:1.2.3.4',
    '64:ff9b::1.2.3.4',
    '1.2.3.4::',
    'gggg::1',
    '12345::1',
    '1:2:3:4:5:6:7::',
    '::1:2:3:4:5:6:7',
    ':1:2:3:4:5:6:7',
  ])('%s', (text) => expect(parseIp(text) !== null).toBe(isIP(text) !== 0));
});
