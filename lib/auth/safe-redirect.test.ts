import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

const ORIGIN = 'https://wharf.example.com';

describe('safeRedirectPath', () => {
  it('keeps same-origin paths with their query and fragment', () => {
    expect(safeRedirectPath('/projects/team?q=api&page=2#tags')).toBe('/projects/team?q=api&page=2#tags');
    expect(safeRedirectPath('/admin/users')).toBe('/admin/users');
    expect(safeRedirectPath('/')).toBe('/');
  });

  it('falls back for missing or non-string values', () => {
    expect(safeRedirectPath(undefined)).toBe('/projects');
    expect(safeRedirectPath('')).toBe('/projects');
    expect(safeRedirectPath(['/admin'])).toBe('/projects');
    expect(safeRedirectPath(42, { fallback: '/account' })).toBe('/account');
    expect(safeRedirectPath(`/${'a'.repeat(5000)}`)).toBe('/projects');
  });

  it('refuses protocol-relative URLs (//host and /\\host)', () => {
    for (const target of [
      '//127.0.0.1:8081/pwned',
      '/\\127.0.0.1:8081/pwned',
      '\\\\host/x',
      '/\\/host',
      '///host',
    ]) {
      expect(safeRedirectPath(target), target).toBe('/projects');
    }
  });

  it('refuses tabs, CR, LF, NUL and other control characters, which browsers strip', () => {
    for (const target of [
      '/\t/host',
      '/\n/host',
      '/\r/host',
      '/\r\n/host',
      '/\u0000/host',
      '/x\u007f',
      '/\t\t//host',
    ]) {
      expect(safeRedirectPath(target), JSON.stringify(target)).toBe('/projects');
    }
  });

  it('refuses encoded forms of the same tricks', () => {
    for (const target of [
      '/%5C127.0.0.1:8081/pwned',
      '/%5c127.0.0.1',
      '/%09/host',
      '/%0d%0a/host',
      '/%2F/host',
      '/%2f%2fhost',
      '/%255C127.0.0.1',
      '/%25252F%25252Fhost',
    ]) {
      expect(safeRedirectPath(target), target).toBe('/projects');
    }
    // Malformed encoding stays as it is, being a harmless path.
    expect(safeRedirectPath('/%E0%A4%A')).toBe('/%E0%A4%A');
  });

  it('refuses dot segments that resolve to another host', () => {
    expect(safeRedirectPath('/..//host/x')).toBe('/projects');
    expect(safeRedirectPath('/.//host')).toBe('/projects');
    expect(safeRedirectPath('/projects/../admin')).toBe('/admin');
  });

  it('refuses absolute URLs and other schemes when no origin is given', () => {
    for (const target of [
      'https://other.example/',
      'http://127.0.0.1:8081/pwned',
      `${ORIGIN}/projects`,
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'projects',
      '?x=1',
    ]) {
      expect(safeRedirectPath(target), target).toBe('/projects');
    }
  });

  it('accepts absolute URLs on the given origin only, answered as paths', () => {
    expect(safeRedirectPath(`${ORIGIN}/projects/team?q=1`, { origin: ORIGIN })).toBe('/projects/team?q=1');
    expect(safeRedirectPath(`${ORIGIN}`, { origin: `${ORIGIN}/` })).toBe('/');
    expect(safeRedirectPath('/account', { origin: ORIGIN })).toBe('/account');
    for (const target of [
      'https://other.example/projects',
      'http://wharf.example.com/projects',
      'https://wharf.example.com.evil.test/',
      'https://wharf.example.com:8443/',
      'https://user:pw@wharf.example.com/',
      `${ORIGIN}/\\127.0.0.1/pwned`,
      `${ORIGIN}/%5C127.0.0.1/pwned`,
      `${ORIGIN}//host`,
      'javascript:alert(1)',
      'https:/\\other.example',
    ]) {
      expect(safeRedirectPath(target, { origin: ORIGIN }), target).toBe('/projects');
    }
  });
});
