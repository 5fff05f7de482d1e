import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from '@/lib/security-headers';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0]!, d]));

describe('security headers', () => {
  it('lets pages run only scripts with this response’s nonce, and never be framed', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123', isHttps: false }));
    expect(csp.get('script-src')).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp.get('object-src')).toBe("object-src 'none'");
    expect(csp.get('base-uri')).toBe("base-uri 'self'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect([...csp.values()].join(' ')).not.toContain('unsafe-eval');
  });

  it('allows eval only in development', () => {
    expect(contentSecurityPolicy({ nonce: 'n', isHttps: false, isDev: true })).toContain("'unsafe-eval'");
  });

  it('gives API responses a policy that allows nothing', () => {
    expect(contentSecurityPolicy({ isHttps: true })).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('sends HSTS and upgrades requests only when Wharf is served over https', () => {
    expect(securityHeaders({ nonce: 'n', isHttps: false })).not.toHaveProperty('Strict-Transport-Security');
    const https = securityHeaders({ nonce: 'n', isHttps: true });
    expect(https['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(https['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it('makes a new unguessable nonce each time', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
