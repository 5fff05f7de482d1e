// Every Wharf setting, validated once with zod. Secrets may also be given as `<NAME>_FILE`
// (a path whose contents are the value), as Docker and Kubernetes secrets are mounted.
// A wrong value stops start-up with one line that names the setting.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TOKEN_KEY_TYPES } from './tokens/key-type';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'must be true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v)));

/** `false` (0), `true` (1) or a number of reverse-proxy hops that append to X-Forwarded-For. */
const proxyHops = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = (v ?? 'false').trim().toLowerCase();
    if (['false', 'no', 'off'].includes(value)) return 0;
    if (['true', 'yes', 'on'].includes(value)) return 1;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message: 'must be false, true or a number of proxy hops (0-99)' });
    return z.NEVER;
  });

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .transform((v) => v.replace(/\/+$/, ''));

/** Parses "900", "900s", "15m", "2h", "1d" into seconds. */
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const m = /^(\d+)\s*(s|m|h|d)?$/.exec(v.trim());
      const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's'] : NaN;
      if (!Number.isSafeInteger(seconds) || seconds <= 0) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 900, 15m, 2h or 1d' });
        return z.NEVER;
      }
      return seconds;
    });

/** LDAP_REVALIDATE_INTERVAL, else its older name LDAP_GROUP_CACHE_TTL, else 5m (seconds). */
function revalidateInterval(
  value: string | undefined,
  legacy: string | undefined,
  ctx: z.RefinementCtx,
): number {
  const setting =
    value !== undefined || legacy === undefined ? 'LDAP_REVALIDATE_INTERVAL' : 'LDAP_GROUP_CACHE_TTL';
  const parsed = duration('5m').safeParse(value ?? legacy);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: 'custom', path: [setting], message: 'must be a duration such as 900, 15m, 2h or 1d' });
  return z.NEVER;
}

/**
 * The address this machine reaches a server listening on `host` at: loopback for the wildcard
 * addresses, the address itself otherwise (IPv6 in brackets, for URLs).
 */
export function localAddress(host: string): string {
  const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return local.includes(':') ? `[${local}]` : local;
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'WHARF_ADMIN_PASSWORD',
  'NEXTAUTH_SECRET',
  'LDAP_BIND_PASSWORD',
  'OIDC_CLIENT_SECRET',
  'REGISTRY_NOTIFY_SECRET',
  'METRICS_TOKEN',
] as const;

/** pino's levels, most verbose first; `silent` logs nothing. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: port(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    WHARF_URL: httpUrl.optional(),
    WHARF_DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .optional(),
    WHARF_EMBEDDED_PG_PORT: port(5433),
    WHARF_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
    NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /**
     * Reverse proxies in front of Wharf that append to X-Forwarded-For (`true` = 1): the client
     * address (throttling, audit) is the entry the outermost of them added. 0 = the socket address.
     */
    TRUST_PROXY: proxyHops,
    SESSION_MAX_AGE: duration('12h'),
    /** How long a stopping replica lets requests in flight finish (SIGTERM, rolling updates). */
    WHARF_SHUTDOWN_TIMEOUT: duration('20s'),
    /** Failed sign-ins (UI, API, docker login) within 15 minutes before a username or client address is locked for a while. */
    LOGIN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(1).max(10_000).default(10),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),

    // Token service (issue: Docker token service)
    REGISTRY_SERVICE: z.string().min(1).max(255).default('wharf-registry'),
    TOKEN_ISSUER: z.string().min(1).max(255).default('wharf'),
    TOKEN_LIFETIME: duration('15m'),
    REFRESH_TOKEN_LIFETIME: duration('90d'),
    /**
     * The type of the generated signing key: rsa (RSA 2048, RS256) or ec (P-256, ES256). Unset
     * means rsa for a new key; a key that already exists keeps its type (lib/tokens/keys.ts).
     */
    TOKEN_KEY_TYPE: z
      .enum(TOKEN_KEY_TYPES, {
        message: 'must be rsa (RSA 2048, RS256) or ec (ECDSA P-256, ES256)',
      })
      .optional(),
    TOKEN_KEY_FILE: z.string().min(1).optional(),
    TOKEN_CERT_FILE: z.string().min(1).optional(),
    /** Where Wharf writes the token certificate for the registry's auth.token.rootcertbundle. */
    TOKEN_CERT_EXPORT_PATH: z.string().min(1).optional(),
    /**
     * How Wharf reaches the registry's v2 API. Unset: Wharf runs the embedded registry (the
     * REGISTRY_BINARY, else docker-registry or registry on PATH) on WHARF_EMBEDDED_REGISTRY_PORT.
     */
    REGISTRY_URL: httpUrl.optional(),
    /** Port of the embedded registry (listening on HOST), when REGISTRY_URL is not set. */
    WHARF_EMBEDDED_REGISTRY_PORT: port(5000),
    /** The registry binary for the embedded registry; default docker-registry or registry on PATH. */
    REGISTRY_BINARY: z.string().min(1).optional(),
    /**
     * Host[:port] users pull from (shown in `docker pull` hints). Unset: the host the registry's
     * push notifications name, else WHARF_URL's host (lib/registry/public-host.ts).
     */
    REGISTRY_PUBLIC_HOST: z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be host or host:port')
      .optional(),
    /** How often reconcile walks the registry to repair drift. */
    RECONCILE_INTERVAL: duration('10m'),
    REGISTRY_NOTIFY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),

    // LDAP (issue: LDAP)
    LDAP_URL: z
      .string()
      .regex(/^ldaps?:\/\/[^\s]+$/, 'must be an ldap:// or ldaps:// URL')
      .optional(),
    LDAP_BIND_DN: z.string().optional(),
    LDAP_BIND_PASSWORD: z.string().optional(),
    LDAP_BASE_DN: z.string().optional(),
    LDAP_USER_FILTER: z.string().default('(uid={username})'),
    LDAP_USERNAME_ATTR: z.string().default('uid'),
    LDAP_EMAIL_ATTR: z.string().default('mail'),
    LDAP_DISPLAY_NAME_ATTR: z.string().default('cn'),
    LDAP_GROUP_BASE_DN: z.string().optional(),
    LDAP_GROUP_FILTER: z.string().default('(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))'),
    LDAP_ADMIN_GROUP_DN: z.string().optional(),
    /** Direct bind instead of search: a DN with {username}, e.g. uid={username},ou=people,dc=example,dc=com. */
    LDAP_USER_DN_TEMPLATE: z
      .string()
      .includes('{username}', { message: 'must contain {username}' })
      .optional(),
    /**
     * How stale a directory user's record (groups, admin, password) may be: a session or refresh
     * grant older than this re-reads the directory. LDAP_GROUP_CACHE_TTL is its older name.
     */
    LDAP_REVALIDATE_INTERVAL: z.string().optional(),
    LDAP_GROUP_CACHE_TTL: z.string().optional(),
    LDAP_TIMEOUT: duration('5s'),
    LDAP_START_TLS: bool(false),
    LDAP_CA_FILE: z.string().optional(),
    LDAP_TLS_VERIFY: bool(true),
    METRICS_TOKEN: z.string().min(16).optional(),

    // Audit log and webhooks (issue: Activity, audit log and webhooks)
    /** Audit events older than this many days are deleted daily; 0 keeps everything. */
    AUDIT_RETENTION_DAYS: z.coerce
      .number({ message: 'must be a number of days (0 keeps everything)' })
      .int({ message: 'must be a whole number of days (0 keeps everything)' })
      .min(0)
      .max(36_500)
      .default(90),
    /** Let webhooks target loopback and private addresses (tests, single-host setups). */
    WEBHOOK_ALLOW_PRIVATE: bool(false),

    // OpenID Connect sign-in beside local and LDAP accounts (issue: OpenID Connect sign-in)
    /** The provider's issuer URL; its /.well-known/openid-configuration is read (discovery). Unset: OIDC off. */
    OIDC_ISSUER: httpUrl.optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
    OIDC_SCOPES: z
      .string()
      .regex(
        /^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/,
        'must be scopes separated by single spaces',
      )
      .default('openid profile email groups'),
    OIDC_USERNAME_CLAIM: z.string().min(1).max(128).default('preferred_username'),
    OIDC_GROUPS_CLAIM: z.string().min(1).max(128).default('groups'),
    /** Members of this OIDC group (from OIDC_GROUPS_CLAIM) are system administrators. */
    OIDC_ADMIN_GROUP: z.string().min(1).max(1024).optional(),
    /** The sign-in button's label. */
    OIDC_NAME: z.string().min(1).max(64).default('Single sign-on'),
  })
  .superRefine((e, ctx) => {
    if (e.LDAP_URL && !e.LDAP_BASE_DN && !e.LDAP_USER_DN_TEMPLATE) {
      ctx.addIssue({
        code: 'custom',
        path: ['LDAP_BASE_DN'],
        message: 'is required when LDAP_URL is set (or give LDAP_USER_DN_TEMPLATE)',
      });
    }
    if (e.OIDC_ISSUER) {
      for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!e[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OIDC_ISSUER is set' });
      }
      if (!e.OIDC_SCOPES.split(' ').includes('openid')) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_SCOPES'], message: 'must include openid' });
      }
    }
  })
  .transform((e, ctx) => ({
    ...e,
    LDAP_REVALIDATE_INTERVAL: revalidateInterval(e.LDAP_REVALIDATE_INTERVAL, e.LDAP_GROUP_CACHE_TTL, ctx),
    WHARF_URL: e.WHARF_URL ?? `http://127.0.0.1:${e.PORT}`,
    WHARF_DATA_DIR: path.resolve(e.WHARF_DATA_DIR),
    /** True when Wharf runs the registry itself (REGISTRY_URL unset). */
    EMBEDDED_REGISTRY: e.REGISTRY_URL === undefined,
    REGISTRY_URL: e.REGISTRY_URL ?? `http://${localAddress(e.HOST)}:${e.WHARF_EMBEDDED_REGISTRY_PORT}`,
  }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(
    public readonly setting: string,
    detail: string,
  ) {
    super(`Invalid setting ${setting}: ${detail}`);
    this.name = 'EnvError';
  }
}

type RawEnv = Record<string, string | undefined>;

/** Resolves `<NAME>_FILE` for secrets; both set at once is an error, since one would be silently ignored. */
function resolveSecretFiles(raw: RawEnv): RawEnv {
  const out: RawEnv = { ...raw };
  for (const name of SECRET_SETTINGS) {
    const file = raw[`${name}_FILE`];
    if (!file) continue;
    if (raw[name]) throw new EnvError(name, `set either ${name} or ${name}_FILE, not both`);
    try {
      out[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new EnvError(
        `${name}_FILE`,
        `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  // Empty strings mean "unset", as in most .env files.
  for (const k of Object.keys(out)) if (out[k] === '') delete out[k];
  return out;
}

/** Parses settings from a raw environment; throws EnvError naming the first wrong setting. */
export function parseEnv(raw: RawEnv): Env {
  const result = envSchema.safeParse(resolveSecretFiles(raw));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = String(issue.path[0] ?? 'environment');
    const value = raw[setting];
    const shown =
      value !== undefined && !SECRET_SETTINGS.includes(setting as never)
        ? ` (got "${value.slice(0, 80)}")`
        : '';
    throw new EnvError(setting, `${issue.message}${shown}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated settings of this process (parsed on first use). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
