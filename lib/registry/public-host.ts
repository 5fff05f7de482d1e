// The registry host clients use (`docker pull <host>/…` hints): REGISTRY_PUBLIC_HOST when set;
// otherwise the host the registry's own push notifications name (`request.host`, the Host
// header docker or podman sent), remembered in the database; before the first push, for the
// embedded registry WHARF_URL's host name with WHARF_EMBEDDED_REGISTRY_PORT, else WHARF_URL's
// host (right when one reverse proxy serves both, as in the recommended deployment).
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/log';
import { cached } from '@/lib/cluster/epoch-cache';

const SETTING_KEY = 'registry.learnedHost';
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

type Learned = { host: string; at: string; by: string | null };
export type RegistryHostSource = 'setting' | 'notifications' | 'embedded' | 'default';
export type RegistryPublicHost = { host: string; source: RegistryHostSource; detail: string };

/** The learned host, read through the epoch cache: a change on any replica empties it everywhere. */
function learnedHost(): Promise<Learned | null> {
  return cached('settings', SETTING_KEY, async () => {
    const row = await db.setting.findUnique({ where: { key: SETTING_KEY } });
    return (row?.value as Learned | undefined) ?? null;
  });
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
  if (env.EMBEDDED_REGISTRY)
    return {
      host: `${new URL(env.WHARF_URL).hostname}:${env.WHARF_EMBEDDED_REGISTRY_PORT}`,
      source: 'embedded',
      detail:
        "the embedded registry: WHARF_URL's host name with WHARF_EMBEDDED_REGISTRY_PORT (no push has been seen yet)",
    };
  return {
    host: new URL(env.WHARF_URL).host,
    source: 'default',
    detail: "WHARF_URL's host: REGISTRY_PUBLIC_HOST is not set and no push has been seen yet",
  };
}
