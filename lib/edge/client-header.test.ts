import { describe, expect, it } from 'vitest';
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_MAC_HEADER,
  clientAddressHeaders,
  createEdgeKey,
  forwardedClientAddress,
} from './client-header';

const headersOf = (h: Record<string, string>) => (name: string) => h[name] ?? null;

describe('forwardedClientAddress', () => {
  const key = createEdgeKey();

  it('believes the header the server marked with its key', () => {
    const header = headersOf(clientAddressHeaders('10.1.2.3', key));
    expect(forwardedClientAddress({ header, key, trustedHops: 0 })).toBe('10.1.2.3');
  });

  it('ignores a header a client set, with or without a guessed mark', () => {
    for (const h of [
      { [CLIENT_ADDRESS_HEADER]: '6.6.6.6' },
      { [CLIENT_ADDRESS_HEADER]: '6.6.6.6', [CLIENT_ADDRESS_MAC_HEADER]: 'AAAA' },
      // A mark made with another process's key.
      clientAddressHeaders('6.6.6.6', createEdgeKey()),
      // A valid mark copied next to another address.
      { ...clientAddressHeaders('10.1.2.3', key), [CLIENT_ADDRESS_HEADER]: '6.6.6.6' },
    ])
      expect(forwardedClientAddress({ header: headersOf(h), key, trustedHops: 1 })).toBe('unknown');
  });

  it('without the key (plain next start) never reads the header; X-Forwarded-For only with TRUST_PROXY', () => {
    const header = headersOf({ [CLIENT_ADDRESS_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6, 10.1.2.3' });
    expect(forwardedClientAddress({ header, key: undefined, trustedHops: 0 })).toBe('unknown');
    expect(forwardedClientAddress({ header, key: undefined, trustedHops: 1 })).toBe('10.1.2.3');
    expect(forwardedClientAddress({ header, key: undefined, trustedHops: 2 })).toBe('6.6.6.6');
    expect(forwardedClientAddress({ header: headersOf({}), key: undefined, trustedHops: 1 })).toBe('unknown');
  });
});
