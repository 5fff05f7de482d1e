import { describe, expect, it } from 'vitest';
import { refusedAddress } from '@/lib/webhooks/targets';

const open = { allowPrivate: false, networks: [] };

describe('webhook target policy', () => {
  it('allows public addresses and refuses internal ones by default', () => {
    expect(refusedAddress('93.184.216.34', open)).toBeNull();
    expect(refusedAddress('2606:2800:220:1::1', open)).toBeNull();
    for (const ip of ['127.0.0.1', '::1', '169.254.169.254', '10.1.2.3', '192.168.0.5', 'fd00::1', '0.0.0.0'])
      expect(refusedAddress(ip, open), ip).not.toBeNull();
    expect(refusedAddress('::ffff:127.0.0.1', open)).toMatch(/loopback/);
  });

  it('WEBHOOK_ALLOW_PRIVATE opens loopback and private ranges', () => {
    const policy = { allowPrivate: true, networks: [] };
    expect(refusedAddress('127.0.0.1', policy)).toBeNull();
    expect(refusedAddress('10.0.0.1', policy)).toBeNull();
  });

  it('a listed network admits its private addresses and restricts public ones, never loopback', () => {
    const policy = { allowPrivate: false, networks: ['10.20.0.0/16', '93.184.216.0/24'] };
    expect(refusedAddress('10.20.3.4', policy)).toBeNull();
    expect(refusedAddress('10.21.3.4', policy)).not.toBeNull();
    expect(refusedAddress('93.184.216.34', policy)).toBeNull();
    expect(refusedAddress('8.8.8.8', policy)).toMatch(/not in the networks/);
    expect(refusedAddress('127.0.0.1', { allowPrivate: false, networks: ['127.0.0.0/8'] })).not.toBeNull();
  });
});
