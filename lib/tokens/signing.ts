// The process's signing key, loaded (or generated) once.
import 'server-only';
import { getEnv } from '@/lib/env';
import { loadOrCreateSigningKey, type SigningKey } from '@/lib/tokens/keys';

const globalForKey = globalThis as unknown as { wharfSigningKey?: Promise<SigningKey> };

export function getSigningKey(): Promise<SigningKey> {
  if (!globalForKey.wharfSigningKey) {
    const env = getEnv();
    globalForKey.wharfSigningKey = loadOrCreateSigningKey({
      dataDir: env.WHARF_DATA_DIR,
      keyFile: env.TOKEN_KEY_FILE,
      certFile: env.TOKEN_CERT_FILE,
      exportPath: env.TOKEN_CERT_EXPORT_PATH,
      keyType: env.TOKEN_KEY_TYPE,
    });
    // A failed load is retried on the next call rather than cached.
    globalForKey.wharfSigningKey.catch(() => (globalForKey.wharfSigningKey = undefined));
  }
  return globalForKey.wharfSigningKey;
}
