import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey, type SigningKey } from '@/lib/tokens/keys';
import { SignJWT } from 'jose';
import {
  MIN_TOKEN_LIFETIME,
  signRegistryToken,
  tokenAnswerJson,
  verifyRegistryToken,
} from '@/lib/tokens/jwt';

let key: SigningKey;
let other: SigningKey;
let ecKey: SigningKey;
let otherEc: SigningKey;
const dirs: string[] = [];
beforeAll(async () => {
  const dir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'wharf-jwt-'));
    dirs.push(d);
    return d;
  };
  [key, other, ecKey, otherEc] = await Promise.all([
    loadOrCreateSigningKey({ dataDir: dir() }),
    loadOrCreateSigningKey({ dataDir: dir() }),
    loadOrCreateSigningKey({ dataDir: dir(), keyType: 'ec' }),
    loadOrCreateSigningKey({ dataDir: dir(), keyType: 'ec' }),
  ]);
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The raw JSON of a JWT part, as registry 2.8 would json.Unmarshal it (not jose's view). */
const rawPart = (token: string, index: 0 | 1) =>
  JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>;

const base = { subject: 'alice', audience: 'wharf-registry', issuer: 'wharf' };
const NOW = new Date('2026-11-22T12:00:00.750Z');

describe('signRegistryToken', () => {
  it('writes the header registry 2.8 and 3 look the key up by', async () => {
    const { token } = await signRegistryToken({ ...base, key, lifetimeSeconds: 900, access: [] });
    expect(rawPart(token, 0)).toEqual({
      typ: 'JWT',
      alg: 'RS256',
      kid: key.kid,
      x5c: [key.certificateDerBase64],
    });
  });

  it('leaves x5c out on request, so only the kid identifies the key', async () => {
    const { token } = await signRegistryToken({
      ...base,
      key,
      lifetimeSeconds: 900,
      access: [],
      withX5c: false,
    });
    expect(rawPart(token, 0)).toEqual({ typ: 'JWT', alg: 'RS256', kid: key.kid });
  });

  it('writes aud as a string, integer times and a unique jti', async () => {
    const sign = () => signRegistryToken({ ...base, key, lifetimeSeconds: 900.9, access: [], now: NOW });
    const [a, b] = await Promise.all([sign(), sign()]);
    const claims = rawPart(a.token, 1);
    const iat = Math.floor(NOW.getTime() / 1000);
    expect(claims).toMatchObject({
      iss: 'wharf',
      sub: 'alice',
      aud: 'wharf-registry',
      iat,
      nbf: iat,
      exp: iat + 900,
      access: [],
    });
    expect(typeof claims.jti).toBe('string');
    expect(claims.jti).not.toBe(rawPart(b.token, 1).jti);
    expect(a.expiresIn).toBe(900);
    expect(a.issuedAt).toBe('2026-11-22T12:00:00.000Z'); // RFC 3339, the second iat names
  });

  it('writes access entries with class only when set', async () => {
    const { token } = await signRegistryToken({
      ...base,
      key,
      lifetimeSeconds: 900,
      access: [
        { type: 'repository', class: 'plugin', name: 'a/b', actions: ['pull'] },
        { type: 'repository', name: 'a/c', actions: ['pull', 'push'] },
        { type: 'registry', name: 'catalog', actions: ['*'] },
      ],
    });
    expect(rawPart(token, 1).access).toEqual([
      { type: 'repository', class: 'plugin', name: 'a/b', actions: ['pull'] },
      { type: 'repository', name: 'a/c', actions: ['pull', 'push'] },
      { type: 'registry', name: 'catalog', actions: ['*'] },
    ]);
    expect(JSON.stringify(rawPart(token, 1).access)).not.toContain('"class":""');
  });

  it('signs with RSASSA-PKCS1-v1_5 SHA-256 over header.payload (what libtrust verifies)', async () => {
    const { token } = await signRegistryToken({ ...base, key, lifetimeSeconds: 900, access: [] });
    const [h, p, s] = token.split('.');
    const publicKey = createPublicKey(key.certificatePem);
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s!, 'base64url'))).toBe(true);
  });

  it('raises short lifetimes to the clients’ 60 s minimum and keeps exp = iat + expires_in', async () => {
    for (const lifetimeSeconds of [0, -5, 30]) {
      const signed = await signRegistryToken({ ...base, key, lifetimeSeconds, access: [], now: NOW });
      const claims = rawPart(signed.token, 1);
      expect(signed.expiresIn).toBe(MIN_TOKEN_LIFETIME);
      expect(claims.exp).toBe((claims.iat as number) + MIN_TOKEN_LIFETIME);
    }
    await expect(
      signRegistryToken({ ...base, key, lifetimeSeconds: Number.NaN, access: [] }),
    ).rejects.toThrow(RangeError);
  });

  it('signs an anonymous token with an empty subject', async () => {
    const { token } = await signRegistryToken({ ...base, subject: '', key, lifetimeSeconds: 60, access: [] });
    expect(rawPart(token, 1).sub).toBe('');
  });
});

describe('verifyRegistryToken', () => {
  const access = [{ type: 'repository', name: 'team/app', actions: ['pull'] }];

  it('returns the claims of a good token', async () => {
    const { token } = await signRegistryToken({ ...base, key, lifetimeSeconds: 300, access });
    const { claims, header } = await verifyRegistryToken(token, key, base);
    expect(claims).toMatchObject({ sub: 'alice', aud: 'wharf-registry', iss: 'wharf', access });
    expect(header.kid).toBe(key.kid);
  });

  it('rejects a wrong audience, a wrong issuer and another key’s signature', async () => {
    const { token } = await signRegistryToken({ ...base, key, lifetimeSeconds: 300, access });
    await expect(verifyRegistryToken(token, key, { ...base, audience: 'other' })).rejects.toThrow(/aud/);
    await expect(verifyRegistryToken(token, key, { ...base, issuer: 'other' })).rejects.toThrow(/iss/);
    await expect(verifyRegistryToken(token, other, base)).rejects.toThrow(/signature/);
  });

  it('rejects an expired token unless within the given clock tolerance', async () => {
    const issued = new Date(Date.now() - 90_000);
    const { token } = await signRegistryToken({ ...base, key, lifetimeSeconds: 60, access, now: issued });
    await expect(verifyRegistryToken(token, key, base)).rejects.toThrow(/exp/);
    await expect(
      verifyRegistryToken(token, key, { ...base, clockToleranceSeconds: 60 }),
    ).resolves.toBeTruthy();
  });

  it('rejects a token that is not valid yet', async () => {
    const { token } = await signRegistryToken({
      ...base,
      key,
      lifetimeSeconds: 300,
      access,
      now: new Date(Date.now() + 120_000),
    });
    await expect(verifyRegistryToken(token, key, base)).rejects.toThrow(/nbf/);
  });
});

describe('the header encoded once per key', () => {
  const access = [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }];

  it.each([
    ['RS256', () => key],
    ['ES256', () => ecKey],
  ])('%s: the same header and claims bytes as jose’s SignJWT, and jose verifies it', async (_alg, k) => {
    const signing = k();
    const ours = await signRegistryToken({ ...base, key: signing, lifetimeSeconds: 300, access, now: NOW });
    const claims = rawPart(ours.token, 1);
    const iat = Math.floor(NOW.getTime() / 1000);
    const theirs = await new SignJWT({ access })
      .setProtectedHeader({
        typ: 'JWT',
        alg: signing.alg,
        kid: signing.kid,
        x5c: [signing.certificateDerBase64],
      })
      .setIssuer(base.issuer)
      .setSubject(base.subject)
      .setAudience(base.audience)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + 300)
      .setJti(claims.jti as string)
      .sign(signing.privateKey);
    expect(ours.token.split('.').slice(0, 2)).toEqual(theirs.split('.').slice(0, 2));
    const { claims: verified } = await verifyRegistryToken(ours.token, signing, {
      ...base,
      now: new Date(NOW.getTime() + 1000),
    });
    expect(verified.access).toEqual(access);
  });

  it('a key object reused with another kid or certificate gets a header of its own', async () => {
    await signRegistryToken({ ...base, key: ecKey, lifetimeSeconds: 300, access });
    const renamed = { ...ecKey, kid: otherEc.kid, certificateDerBase64: otherEc.certificateDerBase64 };
    const { token } = await signRegistryToken({ ...base, key: renamed, lifetimeSeconds: 300, access });
    expect(rawPart(token, 0)).toMatchObject({ kid: otherEc.kid, x5c: [otherEc.certificateDerBase64] });
    // Signed by ecKey's private key all the same: the certificate it names does not verify it.
    await expect(verifyRegistryToken(token, otherEc, base)).rejects.toThrow(/signature/);
  });

  it('many first tokens of a new key at once share one key import and all verify', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wharf-jwt-'));
    dirs.push(dir);
    const fresh = await loadOrCreateSigningKey({ dataDir: dir, keyType: 'ec' });
    const tokens = await Promise.all(
      Array.from({ length: 20 }, () =>
        signRegistryToken({ ...base, key: fresh, lifetimeSeconds: 300, access }),
      ),
    );
    for (const { token } of tokens)
      await expect(verifyRegistryToken(token, fresh, base)).resolves.toBeTruthy();
    expect(new Set(tokens.map((t) => rawPart(t.token, 1).jti)).size).toBe(20);
  });
});

describe('ES256 tokens (P-256 key)', () => {
  const access = [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }];

  it('writes alg ES256 with the EC key’s libtrust kid and its ECDSA certificate in x5c', async () => {
    const { token } = await signRegistryToken({ ...base, key: ecKey, lifetimeSeconds: 900, access });
    expect(rawPart(token, 0)).toEqual({
      typ: 'JWT',
      alg: 'ES256',
      kid: ecKey.kid,
      x5c: [ecKey.certificateDerBase64],
    });
    expect(ecKey.kid).not.toBe(key.kid);
  });

  it('signs raw r‖s (64 bytes, IEEE P1363), the only ECDSA form libtrust verifies', async () => {
    const { token } = await signRegistryToken({ ...base, key: ecKey, lifetimeSeconds: 900, access });
    const [h, p, s] = token.split('.');
    const signature = Buffer.from(s!, 'base64url');
    expect(signature.length).toBe(64);
    const publicKey = createPublicKey(ecKey.certificatePem);
    const data = Buffer.from(`${h}.${p}`);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('verifies with its own certificate only, and never as RS256', async () => {
    const { token } = await signRegistryToken({ ...base, key: ecKey, lifetimeSeconds: 300, access });
    const { claims, header } = await verifyRegistryToken(token, ecKey, base);
    expect(claims).toMatchObject({ sub: 'alice', access });
    expect(header.alg).toBe('ES256');
    await expect(verifyRegistryToken(token, otherEc, base)).rejects.toThrow(/signature/);
    await expect(verifyRegistryToken(token, key, base)).rejects.toThrow(/alg/);
    const rsa = await signRegistryToken({ ...base, key, lifetimeSeconds: 300, access });
    await expect(verifyRegistryToken(rsa.token, ecKey, base)).rejects.toThrow(/alg/);
  });
});

describe('tokenAnswerJson', () => {
  it('is JSON.stringify of the answer, byte for byte, for RS256 and ES256 tokens with every optional field', async () => {
    for (const k of [key, ecKey]) {
      for (const withX5c of [true, false]) {
        const signed = await signRegistryToken({
          ...base,
          key: k,
          lifetimeSeconds: 900,
          access: [{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }],
          withX5c,
        });
        expect(signed.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const answers = [
          { expires_in: signed.expiresIn, issued_at: signed.issuedAt },
          {
            expires_in: signed.expiresIn,
            issued_at: signed.issuedAt,
            // Escaped by JSON.stringify as usual: only the token is written as is.
            scope: 'repository:team/app:pull "quoted" \\ \u2028',
            refresh_token: 'wharf_rt_abc',
          },
        ];
        for (const rest of answers) {
          const json = tokenAnswerJson(signed.token, rest);
          expect(json).toBe(JSON.stringify({ token: signed.token, access_token: signed.token, ...rest }));
          expect(JSON.parse(json).token).toBe(signed.token);
        }
      }
    }
  });

  it('gives tokens of the same second the same issued_at, and the next second its own', async () => {
    const at = (iso: string) =>
      signRegistryToken({ ...base, key, lifetimeSeconds: 900, access: [], now: new Date(iso) });
    const [a, b, c] = await Promise.all([
      at('2026-11-22T12:00:00.100Z'),
      at('2026-11-22T12:00:00.900Z'),
      at('2026-11-22T12:00:01.000Z'),
    ]);
    expect([a.issuedAt, b.issuedAt, c.issuedAt]).toEqual([
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-22T12:00:01.000Z',
    ]);
  });
});
