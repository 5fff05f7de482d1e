import { describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { CredentialCache } from '@/lib/auth/credential-cache';
import { hmacSha256 } from '@/lib/auth/secrets';

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

describe('hmacSha256', () => {
  it('is HMAC-SHA256 exactly (RFC 2104), for short, block-long and long keys and any text', () => {
    for (const keyLength of [1, 32, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const mac = hmacSha256(key);
      for (const message of ['', 'bench-dev\0bench-dev-Secret1', 'ünïcödé\0пароль 🔑', 'x'.repeat(500)])
        expect(mac(message)).toBe(createHmac('sha256', key).update(message).digest('base64url'));
    }
  });
});
