import { describe, expect, it } from 'vitest';
import { gauge, inc, observe, renderMetrics } from '@/lib/metrics';

describe('metrics', () => {
  it('renders counters by label, histograms with cumulative buckets, and gauges', () => {
    inc('t_requests_total', 'requests', { result: 'ok' });
    inc('t_requests_total', 'requests', { result: 'ok' });
    inc('t_requests_total', 'requests', { result: 'denied' });
    observe('t_latency_seconds', 'latency', 0.02, [0.01, 0.05, 0.1]);
    observe('t_latency_seconds', 'latency', 0.07, [0.01, 0.05, 0.1]);
    gauge('t_drift', 'drift', () => 3);
    const text = renderMetrics();
    expect(text).toContain('t_requests_total{result="ok"} 2');
    expect(text).toContain('t_requests_total{result="denied"} 1');
    expect(text).toContain('t_latency_seconds_bucket{le="0.01"} 0');
    expect(text).toContain('t_latency_seconds_bucket{le="0.05"} 1');
    expect(text).toContain('t_latency_seconds_bucket{le="0.1"} 2');
    expect(text).toContain('t_latency_seconds_count 2');
    expect(text).toContain('# TYPE t_drift gauge\nt_drift 3');
  });
});
