// The process's signing key, loaded (or generated) once.
import 'server-only';
import { getEnv } from '@/lib/env';
import { loadOrCreateSigningKey, signingKeyOptions, type SigningKey } from '@/lib/tokens/keys';

const globalForKey = globalThis as unknown as { wharfSigningKey?: Promise<SigningKey> };

export function getSigningKey(): Promise<SigningKey> {
  if (!globalForKey.wharfSigningKey) {
    globalForKey.wharfSigningKey = loadOrCreateSigningKey(signingKeyOptions(getEnv()));
    // A failed load is retried on the next call rather than cached.
    globalForKey.wharfSigningKey.catch(() => (globalForKey.wharfSigningKey = undefined));
  }
  return globalForKey.wharfSigningKey;
}
