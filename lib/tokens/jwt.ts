// Registry tokens: RS256 (RSA key) or ES256 (P-256 key) JWTs in the exact shape registry 2.8 parses (distribution docs/spec/auth/jwt.md):
// `aud` a JSON string (2.8 cannot unmarshal an array), integer exp/nbf/iat, `kid` in the
// libtrust format (how 2.8 finds the key) and `x5c` with the certificate (how registry 3
// finds it; 2.8 also prefers it). `typ`, `sub`, `iat` and `jti` are not checked by the
// registry but are set for clients and logs.
import { createPublicKey, randomUUID, webcrypto, type KeyObject } from 'node:crypto';
import { jwtVerify, type JWTHeaderParameters } from 'jose';
import { z } from 'zod';
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenKeyType } from '@/lib/tokens/key-type';
import type { SigningKey } from '@/lib/tokens/keys';
import type { ResourceScope } from '@/lib/tokens/scope';
import { dateAt } from '@/lib/clock';

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

/**
 * A JWS in compact serialization as signRegistryToken makes it: three base64url segments joined
 * by dots, so nothing in it is ever escaped in JSON (see tokenAnswerJson below).
 */
export type CompactJws = string & { readonly compactJws: unique symbol };

export type SignedToken = {
  token: CompactJws;
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

/**
 * What a key signs with, prepared once: its CryptoKey and the encoded protected headers. The
 * header is the same for every token of a key (x5c alone is most of its bytes), so it is
 * serialized once instead of per token as jose's SignJWT does; with the key imported once,
 * a token costs one JSON.stringify, two base64url encodings and the WebCrypto signature, and
 * about ten promises fewer than SignJWT (each taxed by Next's async-context hooks in Wharf's
 * process). Measured alone: about a third less CPU per ES256 token than SignJWT, a tenth per
 * RS256 token; in Wharf: 1.19–1.30× the token requests/s (docs/architecture.md).
 */
type Prepared = {
  /** The fields the headers were made from: a key object reused with another kid or certificate misses. */
  alg: string;
  kid: string;
  certificate: string;
  headers: { withX5c: string; kidOnly: string };
  signer: CryptoKey | Promise<CryptoKey>;
};

const IMPORT_PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const satisfies Record<TokenAlgorithm, RsaHashedImportParams | EcKeyImportParams>;
const SIGN_PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  // WebCrypto writes ECDSA signatures as raw r‖s (IEEE P1363): the JWS form, the only one libtrust takes.
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
} as const satisfies Record<TokenAlgorithm, AlgorithmIdentifier | EcdsaParams>;

const prepared = new WeakMap<SignOptions['key'], Prepared>();
const cryptoKeys = new WeakMap<KeyObject, Promise<CryptoKey>>();
const base64url = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

function prepare(key: SignOptions['key']): Prepared {
  const known = prepared.get(key);
  if (
    known &&
    known.alg === key.alg &&
    known.kid === key.kid &&
    known.certificate === key.certificateDerBase64
  )
    return known;
  // libtrust (2.8) accepts RS256/384/512 for RSA keys (not PS256) and only ES256 for P-256.
  const header = { typ: 'JWT', alg: key.alg, kid: key.kid };
  let signer = cryptoKeys.get(key.privateKey);
  if (!signer) {
    signer = webcrypto.subtle.importKey(
      'pkcs8',
      key.privateKey.export({ type: 'pkcs8', format: 'der' }),
      IMPORT_PARAMS[key.alg],
      false,
      ['sign'],
    );
    cryptoKeys.set(key.privateKey, signer);
  }
  const entry: Prepared = {
    alg: key.alg,
    kid: key.kid,
    certificate: key.certificateDerBase64,
    headers: {
      withX5c: base64url(JSON.stringify({ ...header, x5c: [key.certificateDerBase64] })),
      kidOnly: base64url(JSON.stringify(header)),
    },
    signer,
  };
  // Once imported, signing needs no wait for the key.
  void signer.then(
    (k) => (entry.signer = k),
    () => {
      // The caller that awaits it gets the error; the next one tries again.
      prepared.delete(key);
      cryptoKeys.delete(key.privateKey);
    },
  );
  prepared.set(key, entry);
  return entry;
}

/** A registry token: a JWS (RFC 7515) compact serialization, verified by jose in the tests. */
export async function signRegistryToken({
  key,
  subject,
  audience,
  issuer,
  lifetimeSeconds,
  access,
  withX5c = true,
  now = dateAt(),
}: SignOptions): Promise<SignedToken> {
  if (!Number.isFinite(lifetimeSeconds)) throw new RangeError('lifetimeSeconds must be a finite number');
  const iat = Math.floor(now.getTime() / 1000); // registry 2.8 rejects non-integer times
  const expiresIn = Math.max(MIN_TOKEN_LIFETIME, Math.floor(lifetimeSeconds));
  const { headers, signer } = prepare(key);
  const claims = {
    access: accessClaim(access),
    iss: issuer,
    sub: subject,
    aud: audience, // a string, never an array
    iat,
    nbf: iat,
    exp: iat + expiresIn,
    // randomUUID draws from a pooled entropy buffer: no crypto job per token (122 random bits).
    jti: randomUUID(),
  };
  const input = `${withX5c ? headers.withX5c : headers.kidOnly}.${base64url(JSON.stringify(claims))}`;
  const signature = await webcrypto.subtle.sign(
    SIGN_PARAMS[key.alg],
    signer instanceof Promise ? await signer : signer,
    Buffer.from(input, 'utf8'),
  );
  // Every part is base64url: the header (encoded in prepare), the claims and the signature.
  const token = `${input}.${Buffer.from(signature).toString('base64url')}` as CompactJws;
  return { token, expiresIn, issuedAt: isoSeconds(iat) };
}

/**
 * The JSON of a token answer, byte for byte JSON.stringify's: the token is written in quotes as
 * it is, because a compact JWS (base64url and dots) holds nothing JSON escapes, and
 * JSON.stringify would scan its 1,000+ characters twice (token and access_token: about 5 µs,
 * the largest single cost of a cached token request); the other fields go through
 * JSON.stringify.
 */
export function tokenAnswerJson(token: CompactJws, rest: { expires_in: number } & Record<string, unknown>) {
  // `rest` always has expires_in: its JSON is `{"expires_in":…}`, never `{}`.
  return `{"token":"${token}","access_token":"${token}",${JSON.stringify(rest).slice(1)}`;
}

// The last second formatted: tokens of the same second share it (toISOString is about 1 µs).
let lastIso = { seconds: NaN, iso: '' };
function isoSeconds(seconds: number): string {
  if (lastIso.seconds !== seconds) lastIso = { seconds, iso: dateAt(seconds * 1000).toISOString() };
  return lastIso.iso;
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
