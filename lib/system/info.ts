// Administration → System: what this Wharf is and how it is set up (Harbor CLI `info` parity).
import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { embeddedDownReason, embeddedStatus, type EmbeddedName } from '@/lib/embedded/status';
import { getEnv } from '@/lib/env';
import { registryPublicHost } from '@/lib/registry/public-host';
import { lastReconcile } from '@/lib/registry/reconcile';
import { pingRegistry } from '@/lib/registry/service';
import { getSettings } from '@/lib/settings';

function version(): string {
  try {
    return (
      (
        JSON.parse(
          readFileSync(/*turbopackIgnore: true*/ path.join(process.cwd(), 'package.json'), 'utf8'),
        ) as { version?: string }
      ).version ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

/** How an embedded child is doing, in a line: what runs, restarts, or why it does not run. */
function embeddedSummary(name: EmbeddedName): string | null {
  const child = embeddedStatus(name);
  if (!child) return null;
  const down = embeddedDownReason(name);
  if (child.state === 'unavailable') return down ?? null;
  const restarts = child.restarts
    ? `; restarted ${child.restarts} time(s), last after it ${child.lastExit?.reason ?? 'ended'} at ${child.lastExit?.at ?? '?'}`
    : '';
  return `${down ?? `running (pid ${child.pid})`}${child.detail ? `: ${child.detail}` : ''}${restarts}`;
}

export async function getSystemInfo() {
  const env = getEnv();
  const [registry, settings, publicHost] = await Promise.all([
    pingRegistry(),
    getSettings(),
    registryPublicHost(),
  ]);
  const reconcile = lastReconcile();
  return {
    version: version(),
    authModes: [
      'Local accounts',
      ...(env.LDAP_URL ? [`LDAP (${env.LDAP_URL})`] : []),
      'Personal access tokens',
      'Robot accounts',
    ],
    publicUrl: env.WHARF_URL,
    registry: {
      url: env.REGISTRY_URL,
      /** Null when REGISTRY_URL names an external registry. */
      embedded: env.EMBEDDED_REGISTRY
        ? (embeddedSummary('registry') ?? 'not started: the launcher (npm start) starts it')
        : null,
      reachable: registry.ok,
      latencyMs: registry.latencyMs,
      error: registry.error ?? null,
      publicHost: publicHost.host,
      publicHostSource: publicHost.source,
      publicHostDetail: publicHost.detail,
    },
    // The v2 API does not expose the registry's storage driver; it is the registry's config.
    storageDriver: 'set in the registry configuration (not visible through the v2 API)',
    token: {
      service: env.REGISTRY_SERVICE,
      issuer: env.TOKEN_ISSUER,
      lifetimeSeconds: env.TOKEN_LIFETIME,
      realm: `${env.WHARF_URL}/v2/token`,
    },
    // The launcher sets DATABASE_URL for the embedded database too, and marks that case.
    database:
      process.env.WHARF_EMBEDDED_DB === '1'
        ? `Embedded PostgreSQL${embeddedStatus('postgres') ? ` — ${embeddedSummary('postgres')}` : ''}`
        : 'External PostgreSQL',
    selfRegistration: false,
    projectCreation: settings.projectCreation,
    robots: {
      maxExpiryDays: settings.robotMaxExpiryDays,
      neverExpireAllowed: settings.robotNeverExpireAllowed,
    },
    reconcile: reconcile
      ? {
          finishedAt: reconcile.finishedAt,
          error: reconcile.error ?? null,
          drift:
            reconcile.tagsCreated +
            reconcile.tagsUpdated +
            reconcile.tagsRemoved +
            reconcile.repositoriesRemoved,
        }
      : null,
    notificationsConfigured: !!env.REGISTRY_NOTIFY_SECRET,
    metricsProtected: !!env.METRICS_TOKEN,
  };
}
