// Registry tokens: RS256 JWTs in the shape registry 2.8 parses (protocol.md §1.3):
// `aud` a string, integer times, `kid` in the libtrust format and the `x5c` certificate.
import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT, importX509 } from 'jose';
import type { SigningKey } from '@/lib/tokens/keys';

export type AccessEntry = { type: string; class?: string; name: string; actions: string[] };

export type SignOptions = {
  key: SigningKey;
  subject: string;
  audience: string;
  issuer: string;
  lifetimeSeconds: number;
  access: AccessEntry[];
  /** Include the certificate (`x5c`); without it the registry finds the key by `kid`. */
  withX5c?: boolean;
  now?: Date;
};

export type SignedToken = { token: string; expiresIn: number; issuedAt: string };

/** Registry clients treat anything below 60 s as 60 s; the JWT must agree with expires_in. */
export const MIN_TOKEN_LIFETIME = 60;

export async function signRegistryToken({
  key,
  subject,
  audience,
  issuer,
  lifetimeSeconds,
  access,
  withX5c = true,
  now = new Date(),
}: SignOptions): Promise<SignedToken> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresIn = Math.max(MIN_TOKEN_LIFETIME, Math.floor(lifetimeSeconds));
  const token = await new SignJWT({
    access: access.map((a) => ({
      type: a.type,
      ...(a.class ? { class: a.class } : {}),
      name: a.name,
      actions: a.actions,
    })),
  })
    .setProtectedHeader({
      typ: 'JWT',
      alg: 'RS256',
      kid: key.kid,
      ...(withX5c ? { x5c: [key.certificateDerBase64] } : {}),
    })
    .setIssuer(issuer)
    .setSubject(subject)
    .setAudience(audience) // a single string: registry 2.8 cannot parse an array
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + expiresIn)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
  return { token, expiresIn, issuedAt: new Date(iat * 1000).toISOString() };
}

export async function verifyRegistryToken(
  token: string,
  key: SigningKey,
  options: { issuer: string; audience: string },
) {
  const publicKey = await importX509(key.certificatePem, 'RS256');
  const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: ['RS256'],
  });
  return { payload: payload as typeof payload & { access: AccessEntry[] }, header: protectedHeader };
}
