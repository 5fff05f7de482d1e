import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  gauge,
  inc,
  observe,
  observeHttpRequest,
  observeRegistryRequest,
  renderMetrics,
  timeLdapBind,
} from '@/lib/metrics';

describe('metrics', () => {
  it('lists the process metrics and every Wharf metric at zero before anything happened', async () => {
    const { text, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    for (const name of Object.keys(CATALOG)) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain('wharf_token_requests_total{result="ok"} 0');
    expect(text).toContain('wharf_access_denied_total{reason="push_network"} 0');
    expect(text).toContain('wharf_token_request_duration_seconds_count 0');
    expect(text).toContain('# TYPE wharf_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE wharf_registry_request_duration_seconds histogram');
    expect(text).toContain('wharf_ldap_bind_duration_seconds_count{result="invalid_credentials"} 0');
  });

  it('times HTTP requests by route and status, registry calls by method and status, LDAP binds by result', async () => {
    observeHttpRequest('/api/v1/projects/[name]', 404, 0.003);
    observeRegistryRequest('HEAD', 200, 0.02);
    observeRegistryRequest('GET', 'unreachable', 10);
    await expect(timeLdapBind(async () => 'bound')).resolves.toBe('bound');
    const refused = Object.assign(new Error('Invalid Credentials'), { code: 49 });
    await expect(timeLdapBind(() => Promise.reject(refused))).rejects.toBe(refused);
    await expect(timeLdapBind(() => Promise.reject(new Error('ECONNREFUSED')))).rejects.toThrow();
    const { text } = await renderMetrics();
    expect(text).toContain(
      'wharf_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/projects/[name]",status="404"} 1',
    );
    expect(text).toContain('wharf_registry_request_duration_seconds_count{method="HEAD",status="200"} 1');
    expect(text).toContain(
      'wharf_registry_request_duration_seconds_bucket{le="5",method="GET",status="unreachable"} 0',
    );
    for (const result of ['ok', 'invalid_credentials', 'error'])
      expect(text).toContain(`wharf_ldap_bind_duration_seconds_count{result="${result}"} 1`);
  });

  it('renders counters by label, histograms with cumulative buckets, and gauges (left out while undefined)', async () => {
    inc('t_requests_total', 'requests', { result: 'ok' });
    inc('t_requests_total', 'requests', { result: 'ok' });
    inc('t_requests_total', 'requests', { result: 'denied' });
    observe('t_latency_seconds', 'latency', 0.02, [0.01, 0.05, 0.1]);
    observe('t_latency_seconds', 'latency', 0.07, [0.01, 0.05, 0.1]);
    gauge('t_drift', 'drift', () => 3);
    gauge('t_never', 'not yet', () => undefined);
    const { text } = await renderMetrics();
    expect(text).toContain('t_requests_total{result="ok"} 2');
    expect(text).toContain('t_requests_total{result="denied"} 1');
    expect(text).toContain('t_latency_seconds_bucket{le="0.01"} 0');
    expect(text).toContain('t_latency_seconds_bucket{le="0.05"} 1');
    expect(text).toContain('t_latency_seconds_bucket{le="0.1"} 2');
    expect(text).toContain('t_latency_seconds_count 2');
    expect(text).toContain('# TYPE t_drift gauge\nt_drift 3');
    expect(text).not.toContain('t_never');
  });
});
