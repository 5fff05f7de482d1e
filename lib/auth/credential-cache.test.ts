import { describe, expect, it } from 'vitest';
import { CredentialCache } from '@/lib/auth/credential-cache';

const entry = (userId: number) => ({
  kind: 'user' as const,
  userId,
  credentialsChangedAt: 0,
  method: 'password' as const,
});

describe('CredentialCache', () => {
  it('returns a hit only for the exact username and secret', () => {
    const c = new CredentialCache();
    c.set('Alice', 'pw-1', entry(1));
    expect(c.get('alice', 'pw-1')?.userId).toBe(1);
    expect(c.get('alice', 'pw-2')).toBeUndefined();
    expect(c.get('bob', 'pw-1')).toBeUndefined();
  });

  it('expires entries after the TTL', () => {
    let t = 0;
    const c = new CredentialCache(1000, 10, () => t);
    c.set('a', 's', entry(1));
    t = 999;
    expect(c.get('a', 's')).toBeDefined();
    t = 1000;
    expect(c.get('a', 's')).toBeUndefined();
  });

  it('stays bounded and forgets a user on request', () => {
    const c = new CredentialCache(60_000, 3);
    for (let i = 0; i < 5; i++) c.set(`u${i}`, 's', entry(i));
    expect(c.size).toBe(3);
    expect(c.get('u0', 's')).toBeUndefined();
    c.forgetUser(4);
    expect(c.get('u4', 's')).toBeUndefined();
    expect(c.get('u3', 's')).toBeDefined();
  });

  it('never stores the secret in a key', () => {
    const c = new CredentialCache();
    c.set('alice', 'very-secret-password', entry(1));
    const keys = [...(c as unknown as { entries: Map<string, unknown> }).entries.keys()];
    expect(keys.join('')).not.toContain('very-secret');
  });
});
