// The signing key types Wharf supports and the JWS algorithm of each. Kept free of imports so
// the settings (lib/env.ts) can validate TOKEN_KEY_TYPE without loading the key machinery.

/** `rsa`: RSA 2048, RS256. `ec`: ECDSA P-256, ES256 (libtrust ties P-256 to ES256). */
export const TOKEN_KEY_TYPES = ['rsa', 'ec'] as const;
export type TokenKeyType = (typeof TOKEN_KEY_TYPES)[number];

/** The JWS algorithm of each key type (the only one registry 2.8 accepts for it). */
export const TOKEN_ALGORITHMS = { rsa: 'RS256', ec: 'ES256' } as const satisfies Record<TokenKeyType, string>;
export type TokenAlgorithm = (typeof TOKEN_ALGORITHMS)[TokenKeyType];
