// The registry host clients use (`docker pull <host>/…` hints): REGISTRY_PUBLIC_HOST when set;
// otherwise the host the registry's own push notifications name (`request.host`, the Host
// header docker or podman sent), remembered in the database; before the first push, WHARF_URL's
// host (right when one reverse proxy serves both, as in the recommended deployment).
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';

const SETTING_KEY = 'registry.learnedHost';
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
/** How long a replica trusts its copy of the learned host (another replica may learn a new one). */
const CACHE_MS = 30_000;

type Learned = { host: string; at: string; by: string | null };
export type RegistryHostSource = 'setting' | 'notifications' | 'default';
export type RegistryPublicHost = { host: string; source: RegistryHostSource; detail: string };

const globalForHost = globalThis as unknown as {
  wharfLearnedHost?: { value: Learned | null; readAt: number };
};

async function learnedHost(): Promise<Learned | null> {
  const cached = globalForHost.wharfLearnedHost;
  if (cached && Date.now() - cached.readAt < CACHE_MS) return cached.value;
  const row = await db.setting.findUnique({ where: { key: SETTING_KEY } });
  const value = (row?.value as Learned | undefined) ?? null;
  globalForHost.wharfLearnedHost = { value, readAt: Date.now() };
  return value;
}

/** Remembers the host of a push (written only when it changes). */
export async function rememberRegistryHost({ host, at, by }: { host: string; at: Date; by: string | null }) {
  if (!HOST.test(host) || host.length > 255) return;
  const current = await learnedHost();
  if (current?.host === host) return;
  const value: Learned = { host, at: at.toISOString(), by: by?.slice(0, 128) ?? null };
  await db.setting.upsert({
    where: { key: SETTING_KEY },
    create: { key: SETTING_KEY, value },
    update: { value },
  });
  globalForHost.wharfLearnedHost = { value, readAt: Date.now() };
  log.info('registry host learned from a push notification', { host });
}

/** The host for pull and push commands, and where it came from (Administration → System says). */
export async function registryPublicHost(): Promise<RegistryPublicHost> {
  const env = getEnv();
  if (env.REGISTRY_PUBLIC_HOST)
    return { host: env.REGISTRY_PUBLIC_HOST, source: 'setting', detail: 'REGISTRY_PUBLIC_HOST' };
  const learned = await learnedHost().catch(() => null);
  if (learned)
    return {
      host: learned.host,
      source: 'notifications',
      detail: `learned from the registry's push notifications (last change ${learned.at}${learned.by ? ` by ${learned.by}` : ''})`,
    };
  return {
    host: new URL(env.WHARF_URL).host,
    source: 'default',
    detail: "WHARF_URL's host: REGISTRY_PUBLIC_HOST is not set and no push has been seen yet",
  };
}
