// Wharf's own client of the registry: service tokens signed with Wharf's key for the
// portal subject, cached per access set until shortly before they expire.
import 'server-only';
import { embeddedDownReason, embeddedStatus } from '@/lib/embedded/status';
import { getEnv } from '@/lib/env';
import { RegistryClient, type RegistryAccess } from '@/lib/registry/client';
import { PORTAL_SUBJECT } from '@/lib/registry/events';
import { signRegistryToken } from '@/lib/tokens/jwt';
import { getSigningKey } from '@/lib/tokens/signing';

const TOKEN_LIFETIME = 300;
const globalForRegistry = globalThis as unknown as {
  wharfRegistry?: RegistryClient;
  wharfServiceTokens?: Map<string, { token: string; until: number }>;
};

async function serviceToken(access: RegistryAccess[]): Promise<string> {
  const cache = (globalForRegistry.wharfServiceTokens ??= new Map());
  const key = access.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`).join(' ');
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.token;
  const env = getEnv();
  const signed = await signRegistryToken({
    key: await getSigningKey(),
    subject: PORTAL_SUBJECT,
    audience: env.REGISTRY_SERVICE,
    issuer: env.TOKEN_ISSUER,
    lifetimeSeconds: TOKEN_LIFETIME,
    access,
  });
  if (cache.size > 5000) cache.clear();
  cache.set(key, { token: signed.token, until: Date.now() + (TOKEN_LIFETIME - 60) * 1000 });
  return signed.token;
}

export function registryClient(): RegistryClient {
  globalForRegistry.wharfRegistry ??= new RegistryClient({
    baseUrl: getEnv().REGISTRY_URL,
    token: serviceToken,
    timeoutMs: 8000,
  });
  return globalForRegistry.wharfRegistry;
}

/** Reachability for /api/health and the System page. */
export async function pingRegistry(): Promise<{ ok: boolean; latencyMs: number; error?: string }> {
  const started = performance.now();
  // No embedded registry to run (no binary): whatever else answers on its port is not it.
  if (embeddedStatus('registry')?.state === 'unavailable')
    return { ok: false, latencyMs: 0, error: embeddedDownReason('registry') };
  try {
    await new RegistryClient({ baseUrl: getEnv().REGISTRY_URL, token: serviceToken, timeoutMs: 2000 }).ping();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}
