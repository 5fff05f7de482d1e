import { describe, expect, it } from 'vitest';
import { isSameOriginRequest, type RequestOriginOptions } from './same-origin';

const base: RequestOriginOptions = {
  method: 'POST',
  origin: null,
  secFetchSite: null,
  appUrl: 'https://registry.example.com',
  credential: 'cookie',
};
const check = (o: Partial<RequestOriginOptions>) => isSameOriginRequest({ ...base, ...o });

describe('isSameOriginRequest', () => {
  it('lets safe methods through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get'])
      expect(check({ method, origin: 'https://evil.example' })).toBe(true);
  });

  it('cookie: accepts only Wharf’s own origin', () => {
    expect(check({ origin: 'https://registry.example.com' })).toBe(true);
    expect(check({ origin: 'https://registry.example.com:443' })).toBe(true);
    for (const origin of [
      'https://evil.example',
      'http://registry.example.com', // another scheme
      'https://registry.example.com:8443', // another port of the same host: same-site, not same-origin
      'https://sub.registry.example.com',
      'null',
      'garbage',
    ])
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(check({ method, origin })).toBe(false);
  });

  it('cookie without Origin: Sec-Fetch-Site must say same-origin; neither header → refused', () => {
    expect(check({ secFetchSite: 'same-origin' })).toBe(true);
    expect(check({ secFetchSite: 'same-site' })).toBe(false);
    expect(check({ secFetchSite: 'cross-site' })).toBe(false);
    expect(check({ secFetchSite: 'none' })).toBe(false);
    expect(check({})).toBe(false);
  });

  it('an Origin decides even when Sec-Fetch-Site claims same-origin', () => {
    expect(check({ origin: 'https://evil.example', secFetchSite: 'same-origin' })).toBe(false);
  });

  it('explicit credentials (Basic): no Origin is fine, a foreign one is not', () => {
    expect(check({ credential: 'explicit' })).toBe(true);
    expect(check({ credential: 'explicit', origin: 'https://registry.example.com' })).toBe(true);
    expect(check({ credential: 'explicit', origin: 'http://127.0.0.1:9999' })).toBe(false);
  });

  it('compares with the origin of WHARF_URL, whatever its path', () => {
    expect(check({ appUrl: 'http://127.0.0.1:3000/wharf', origin: 'http://127.0.0.1:3000' })).toBe(true);
    expect(check({ appUrl: 'http://127.0.0.1:3000', origin: 'http://127.0.0.1:3001' })).toBe(false);
  });
});
