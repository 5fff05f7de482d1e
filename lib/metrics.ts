// Prometheus metrics with prom-client, in one process-wide registry (globalThis: Next.js bundles
// route handlers separately, and the token fast path runs outside them). The default process
// metrics (CPU, memory, event-loop lag, GC) and every Wharf metric in CATALOG are registered as
// soon as this module loads, with their known label values at zero, so /metrics lists them right
// after start (dashboards and alerts need the series before the first event).
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { DENIAL_CODES } from '@/lib/permissions';

type Labels = Record<string, string>;

export const TOKEN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const LAG_BUCKETS = [0.1, 0.5, 1, 5, 30, 120, 600];
/** HTTP requests, registry calls and LDAP binds: from a cached answer to a slow dependency. */
const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every reason a token leaves an action out (the permission table's codes, and the grant rules'
 * own: lib/tokens/grants.ts) or a credential is refused.
 */
const DENIAL_REASONS: readonly string[] = [
  ...DENIAL_CODES,
  'no_project',
  'catalog',
  'unknown',
  'robot_network',
];

const LDAP_BIND_RESULTS = ['ok', 'invalid_credentials', 'error'] as const;

type Definition =
  | { type: 'counter'; help: string; zero?: Record<string, readonly string[]> }
  | {
      type: 'histogram';
      help: string;
      buckets: number[];
      labels?: readonly string[];
      /** Label values listed at zero from the start (one label). */
      zero?: Record<string, readonly string[]>;
    };

/** Wharf's own metrics: registered at start, each known label value at zero. */
export const CATALOG: Record<string, Definition> = {
  wharf_token_requests_total: {
    type: 'counter',
    help: 'Token requests by result',
    zero: { result: ['ok', 'unauthorized', 'throttled', 'bad_request', 'error'] },
  },
  wharf_token_request_duration_seconds: {
    type: 'histogram',
    help: 'Token request latency',
    buckets: TOKEN_BUCKETS,
  },
  wharf_login_failures_total: {
    type: 'counter',
    help: 'Failed sign-ins by where they came from',
    zero: { audience: ['ui', 'api', 'registry'] },
  },
  wharf_access_denied_total: {
    type: 'counter',
    help: 'Denied actions and credentials by reason',
    zero: { reason: DENIAL_REASONS },
  },
  wharf_webhook_attempts_total: {
    type: 'counter',
    help: 'Webhook delivery attempts by result',
    zero: { result: ['delivered', 'retry', 'failed'] },
  },
  wharf_notification_lag_seconds: {
    type: 'histogram',
    help: 'Time from a registry event to its processing',
    buckets: LAG_BUCKETS,
  },
  wharf_http_request_duration_seconds: {
    type: 'histogram',
    help: 'HTTP request latency by route pattern and status, as Wharf served it',
    buckets: LATENCY_BUCKETS,
    labels: ['route', 'status'],
  },
  wharf_registry_request_duration_seconds: {
    type: 'histogram',
    help: "Latency of Wharf's calls to the registry API by method and status (unreachable: no answer)",
    buckets: LATENCY_BUCKETS,
    labels: ['method', 'status'],
  },
  wharf_ldap_bind_duration_seconds: {
    type: 'histogram',
    help: 'LDAP bind latency by result (invalid_credentials: the directory refused the password)',
    buckets: LATENCY_BUCKETS,
    labels: ['result'],
    zero: { result: LDAP_BIND_RESULTS },
  },
};

type Store = {
  registry: Registry;
  counters: Map<string, Counter>;
  histograms: Map<string, Histogram>;
  /** Read when scraped; left out while they have nothing to report (see gauge). */
  gauges: Map<string, { help: string; value: () => number | undefined }>;
};

const g = globalThis as unknown as { wharfMetrics?: Store };

function createStore(): Store {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const s: Store = { registry, counters: new Map(), histograms: new Map(), gauges: new Map() };
  for (const [name, d] of Object.entries(CATALOG)) {
    if (d.type === 'histogram') {
      const labelNames = [...(d.labels ?? [])];
      const histogram = new Histogram({
        name,
        help: d.help,
        buckets: d.buckets,
        labelNames,
        registers: [registry],
      });
      for (const [label, values] of Object.entries(d.zero ?? {}))
        for (const v of values) histogram.zero({ [label]: v });
      s.histograms.set(name, histogram);
      continue;
    }
    const [label, values] = Object.entries(d.zero ?? {})[0] ?? [];
    const counter = new Counter({
      name,
      help: d.help,
      labelNames: label ? [label] : [],
      registers: [registry],
    });
    if (label) for (const v of values!) counter.inc({ [label]: v }, 0);
    s.counters.set(name, counter);
  }
  return s;
}

const store = (): Store => (g.wharfMetrics ??= createStore());
// At load: /metrics lists everything before the first request of any kind.
store();

export function inc(name: string, help: string, labels: Labels = {}, by = 1): void {
  const s = store();
  let c = s.counters.get(name);
  if (!c) {
    c = new Counter({ name, help, labelNames: Object.keys(labels), registers: [s.registry] });
    s.counters.set(name, c);
  }
  c.inc(labels, by);
}

export function observe(name: string, help: string, value: number, buckets: number[]): void {
  const s = store();
  let h = s.histograms.get(name);
  if (!h) {
    h = new Histogram({ name, help, buckets, registers: [s.registry] });
    s.histograms.set(name, h);
  }
  h.observe(value);
}

/** A histogram of CATALOG with labels: registered at load, so it always exists. */
const labelled = (name: string) => store().histograms.get(name)!;

/** One request Wharf's server answered (scripts/start.ts): its route pattern, never its path. */
export function observeHttpRequest(route: string, status: number, seconds: number): void {
  labelled('wharf_http_request_duration_seconds').observe({ route, status }, seconds);
}

/** One call to the registry API; `status` is the HTTP status, or `unreachable`. */
export function observeRegistryRequest(
  method: string,
  status: number | 'unreachable',
  seconds: number,
): void {
  labelled('wharf_registry_request_duration_seconds').observe({ method, status }, seconds);
}

/** Times one LDAP bind (`bind` is the client's call), by result; the bind's outcome is returned as is. */
export async function timeLdapBind<T>(bind: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let result: (typeof LDAP_BIND_RESULTS)[number] = 'error';
  try {
    const value = await bind();
    result = 'ok';
    return value;
  } catch (err) {
    // ldapts's result code 49: the directory refused the DN or password.
    if ((err as { code?: unknown })?.code === 49) result = 'invalid_credentials';
    throw err;
  } finally {
    labelled('wharf_ldap_bind_duration_seconds').observe({ result }, (performance.now() - started) / 1000);
  }
}

/**
 * A gauge read when scraped; `undefined` (nothing to report yet, such as the last reconcile's
 * time before the first one) leaves it out, rather than a 0 that alerts would misread.
 */
export function gauge(name: string, help: string, value: () => number | undefined): void {
  store().gauges.set(name, { help, value });
}

/** The text exposition format, and its content type. */
export async function renderMetrics(): Promise<{ text: string; contentType: string }> {
  const { registry, gauges } = store();
  const lines: string[] = [];
  for (const [name, g] of gauges) {
    const v = g.value();
    if (v !== undefined) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
  }
  const text = (await registry.metrics()) + (lines.length ? `${lines.join('\n')}\n` : '');
  return { text, contentType: registry.contentType };
}
