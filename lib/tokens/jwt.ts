// Registry tokens: RS256 (RSA key) or ES256 (P-256 key) JWTs in the exact shape registry 2.8 parses (distribution docs/spec/auth/jwt.md):
// `aud` a JSON string (2.8 cannot unmarshal an array), integer exp/nbf/iat, `kid` in the
// libtrust format (how 2.8 finds the key) and `x5c` with the certificate (how registry 3
// finds it; 2.8 also prefers it). `typ`, `sub`, `iat` and `jti` are not checked by the
// registry but are set for clients and logs.
import { createPublicKey, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { TOKEN_ALGORITHMS, type TokenKeyType } from '@/lib/tokens/key-type';
import type { SigningKey } from '@/lib/tokens/keys';
import type { ResourceScope } from '@/lib/tokens/scope';

/** One `access` claim entry; the same shape as a requested scope. */
export type AccessEntry = ResourceScope;

export type SignOptions = {
  key: Pick<SigningKey, 'privateKey' | 'alg' | 'kid' | 'certificateDerBase64'>;
  /** The user name; `''` for anonymous (it becomes `actor.name` in registry notifications). */
  subject: string;
  /** The registry's `auth.token.service`. */
  audience: string;
  /** The registry's `auth.token.issuer`. */
  issuer: string;
  lifetimeSeconds: number;
  access: readonly AccessEntry[];
  /** Send the certificate (`x5c`, default); without it the registry finds the key by `kid` alone. */
  withX5c?: boolean;
  now?: Date;
};

export type SignedToken = {
  token: string;
  /** Seconds; equals exp - iat, as clients schedule their refresh by it. */
  expiresIn: number;
  /** RFC 3339 (clients decode it into Go time.Time; a number breaks skopeo). */
  issuedAt: string;
};

/** Clients treat an `expires_in` below 60 s as 60 s, so the JWT must live at least that long. */
export const MIN_TOKEN_LIFETIME = 60;

/** Emits `class` only when set: registry 2.8 ignores it, and the spec's examples omit it. */
const accessClaim = (access: readonly AccessEntry[]) =>
  access.map((a) => ({
    type: a.type,
    ...(a.class ? { class: a.class } : {}),
    name: a.name,
    actions: [...a.actions],
  }));

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
  if (!Number.isFinite(lifetimeSeconds)) throw new RangeError('lifetimeSeconds must be a finite number');
  const iat = Math.floor(now.getTime() / 1000); // registry 2.8 rejects non-integer times
  const expiresIn = Math.max(MIN_TOKEN_LIFETIME, Math.floor(lifetimeSeconds));
  const token = await new SignJWT({ access: accessClaim(access) })
    .setProtectedHeader({
      typ: 'JWT',
      // libtrust (2.8) accepts RS256/384/512 for RSA keys (not PS256) and only ES256 for P-256;
      // jose writes ES256 signatures as raw r‖s, the only form libtrust takes.
      alg: key.alg,
      kid: key.kid,
      ...(withX5c ? { x5c: [key.certificateDerBase64] } : {}),
    })
    .setIssuer(issuer)
    .setSubject(subject)
    .setAudience(audience) // a string, never an array
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + expiresIn)
    // randomUUID draws from a pooled entropy buffer: no crypto job per token (122 random bits).
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { token, expiresIn, issuedAt: new Date(iat * 1000).toISOString() };
}

const claimsSchema = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.string(),
  exp: z.number().int(),
  nbf: z.number().int(),
  iat: z.number().int(),
  jti: z.string(),
  access: z.array(
    z.object({
      type: z.string(),
      class: z.string().optional(),
      name: z.string(),
      actions: z.array(z.string()),
    }),
  ),
});

export type RegistryTokenClaims = z.infer<typeof claimsSchema>;

export type VerifyOptions = {
  issuer: string;
  audience: string;
  /** Seconds of clock skew tolerated on exp/nbf; the registry allows 60, the default here is none. */
  clockToleranceSeconds?: number;
  now?: Date;
};

/**
 * Verifies a token signed by `key` and returns its claims in the registry's shape.
 * Throws (jose errors, or a zod error for a wrong claim shape) when anything is off.
 */
export async function verifyRegistryToken(
  token: string,
  key: Pick<SigningKey, 'certificatePem'>,
  { issuer, audience, clockToleranceSeconds = 0, now }: VerifyOptions,
): Promise<{ claims: RegistryTokenClaims; header: JWTHeaderParameters }> {
  const publicKey = createPublicKey(key.certificatePem);
  const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
    issuer,
    audience,
    // Only the algorithm Wharf signs with for this key's type.
    algorithms: [TOKEN_ALGORITHMS[publicKey.asymmetricKeyType as TokenKeyType]],
    clockTolerance: clockToleranceSeconds,
    ...(now ? { currentDate: now } : {}),
  });
  return { claims: claimsSchema.parse(payload), header: protectedHeader };
}
