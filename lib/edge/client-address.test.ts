import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeIp } from './client-address';

describe('normalizeIp', () => {
  it('keeps IPv4 and IPv6, maps ::ffff: to IPv4, lowercases IPv6', () => {
    expect(normalizeIp(' 10.1.2.3 ')).toBe('10.1.2.3');
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeIp('[2001:db8::1]')).toBe('2001:db8::1');
    expect(normalizeIp('::1')).toBe('::1');
  });

  it('rejects what is not an address', () => {
    for (const v of [
      '',
      'unknown',
      'evil.example',
      '1.2.3.4:80',
      '999.1.1.1',
      '1.2.3',
      '<script>',
      null,
      undefined,
    ])
      expect(normalizeIp(v)).toBeNull();
  });
});

describe('clientAddress', () => {
  const socketAddress = '::ffff:192.0.2.10';

  it('without trusted proxies uses the socket and ignores X-Forwarded-For', () => {
    expect(clientAddress({ socketAddress, forwardedFor: '6.6.6.6', trustedHops: 0 })).toBe('192.0.2.10');
    expect(clientAddress({ socketAddress: null, forwardedFor: '6.6.6.6', trustedHops: 0 })).toBe('unknown');
  });

  it('with one hop takes the rightmost entry: spoofed entries to its left are ignored', () => {
    expect(clientAddress({ socketAddress, forwardedFor: '203.0.113.7', trustedHops: 1 })).toBe('203.0.113.7');
    expect(clientAddress({ socketAddress, forwardedFor: '6.6.6.6, 10.1.2.3', trustedHops: 1 })).toBe(
      '10.1.2.3',
    );
    expect(clientAddress({ socketAddress, forwardedFor: '6.6.6.6,7.7.7.7,10.1.2.3', trustedHops: 1 })).toBe(
      '10.1.2.3',
    );
  });

  it('with two hops takes the second entry from the right', () => {
    expect(
      clientAddress({ socketAddress, forwardedFor: '6.6.6.6, 198.51.100.4, 10.0.0.2', trustedHops: 2 }),
    ).toBe('198.51.100.4');
    expect(clientAddress({ socketAddress, forwardedFor: '198.51.100.4, 10.0.0.2', trustedHops: 2 })).toBe(
      '198.51.100.4',
    );
  });

  it('with fewer entries than hops, or no header, falls back to the socket address', () => {
    expect(clientAddress({ socketAddress, forwardedFor: '10.0.0.2', trustedHops: 2 })).toBe('192.0.2.10');
    expect(clientAddress({ socketAddress, forwardedFor: null, trustedHops: 1 })).toBe('192.0.2.10');
    expect(clientAddress({ socketAddress, forwardedFor: '', trustedHops: 1 })).toBe('192.0.2.10');
  });

  it('handles IPv6 and ::ffff: mapped entries', () => {
    expect(clientAddress({ socketAddress, forwardedFor: '2001:DB8::7', trustedHops: 1 })).toBe('2001:db8::7');
    expect(clientAddress({ socketAddress, forwardedFor: '1.1.1.1, ::ffff:10.9.8.7', trustedHops: 1 })).toBe(
      '10.9.8.7',
    );
    expect(clientAddress({ socketAddress: '::1', forwardedFor: null, trustedHops: 1 })).toBe('::1');
  });

  it('an entry that is not an IP gives the socket address, never the garbage or a spoofed neighbour', () => {
    expect(clientAddress({ socketAddress, forwardedFor: '6.6.6.6, unknown', trustedHops: 1 })).toBe(
      '192.0.2.10',
    );
    expect(clientAddress({ socketAddress, forwardedFor: '6.6.6.6, ', trustedHops: 1 })).toBe('192.0.2.10');
    expect(clientAddress({ socketAddress, forwardedFor: '1.2.3.4:5678', trustedHops: 1 })).toBe('192.0.2.10');
    expect(clientAddress({ socketAddress, forwardedFor: 'x'.repeat(5000), trustedHops: 1 })).toBe(
      '192.0.2.10',
    );
  });
});
