// Prometheus metrics, kept in one process-wide store (globalThis: Next.js bundles route
// handlers separately, and the token fast path runs outside them).
type Labels = Record<string, string>;
type Counter = { help: string; values: Map<string, number> };
type Histogram = { help: string; buckets: number[]; counts: number[]; sum: number; count: number };

type Store = {
  counters: Map<string, Counter>;
  histograms: Map<string, Histogram>;
  gauges: Map<string, { help: string; value: () => number | undefined }>;
};

const g = globalThis as unknown as { wharfMetrics?: Store };
const store = (): Store =>
  (g.wharfMetrics ??= { counters: new Map(), histograms: new Map(), gauges: new Map() });

const labelKey = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',');

export function inc(name: string, help: string, labels: Labels = {}, by = 1): void {
  const c = store().counters.get(name) ?? { help, values: new Map() };
  store().counters.set(name, c);
  const key = labelKey(labels);
  c.values.set(key, (c.values.get(key) ?? 0) + by);
}

export function observe(name: string, help: string, value: number, buckets: number[]): void {
  const h = store().histograms.get(name) ?? { help, buckets, counts: buckets.map(() => 0), sum: 0, count: 0 };
  store().histograms.set(name, h);
  h.buckets.forEach((b, i) => {
    if (value <= b) h.counts[i]! += 1;
  });
  h.sum += value;
  h.count += 1;
}

export function gauge(name: string, help: string, value: () => number | undefined): void {
  store().gauges.set(name, { help, value });
}

/** The text exposition format. */
export function renderMetrics(): string {
  const out: string[] = [];
  for (const [name, c] of store().counters) {
    out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
    for (const [k, v] of c.values) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
  }
  for (const [name, h] of store().histograms) {
    out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
    h.buckets.forEach((b, i) => out.push(`${name}_bucket{le="${b}"} ${h.counts[i]}`));
    out.push(`${name}_bucket{le="+Inf"} ${h.count}`, `${name}_sum ${h.sum}`, `${name}_count ${h.count}`);
  }
  for (const [name, gg] of store().gauges) {
    const v = gg.value();
    if (v === undefined) continue;
    out.push(`# HELP ${name} ${gg.help}`, `# TYPE ${name} gauge`, `${name} ${v}`);
  }
  return out.join('\n') + '\n';
}

export const TOKEN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
