// The process's signing key, loaded (or generated) once.
import 'server-only';
import { getEnv } from '@/lib/env';
import { loadOrCreateSigningKey, signingKeyOptions, type SigningKey } from '@/lib/tokens/keys';

const globalForKey = globalThis as unknown as {
  wharfSigningKey?: Promise<SigningKey>;
  wharfSigningKeyLoaded?: SigningKey;
};

export function getSigningKey(): Promise<SigningKey> {
  if (!globalForKey.wharfSigningKey) {
    globalForKey.wharfSigningKey = loadOrCreateSigningKey(signingKeyOptions(getEnv()));
    globalForKey.wharfSigningKey.then(
      (key) => (globalForKey.wharfSigningKeyLoaded = key),
      // A failed load is retried on the next call rather than cached.
      () => (globalForKey.wharfSigningKey = undefined),
    );
  }
  return globalForKey.wharfSigningKey;
}

/** The key once loaded, without waiting (the token endpoint's hot path); undefined before. */
export function signingKeyNow(): SigningKey | undefined {
  return globalForKey.wharfSigningKeyLoaded;
}
