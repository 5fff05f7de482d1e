import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EdgeRequest } from '@/lib/edge/types';

const service = vi.hoisted(() => ({ handleTokenRequest: vi.fn() }));
vi.mock('@/lib/tokens/service', () => service);
const logged = vi.hoisted(() => [] as Array<{ level: string; msg: string; fields: unknown }>);
vi.mock('@/lib/log', () => ({
  isLevelEnabled: () => true,
  log: Object.fromEntries(
    ['debug', 'info', 'warn', 'error'].map((level) => [
      level,
      (msg: string, fields: unknown) => logged.push({ level, msg, fields }),
    ]),
  ),
}));

const { handleTokenEdge, queryOf } = await import('./http-edge');

const BASIC = `Basic ${Buffer.from('alice:s3cret-pass').toString('base64')}`;

function request(over: Partial<EdgeRequest> & { headers?: Record<string, string>; body?: string } = {}) {
  const headers = over.headers ?? {};
  const body = Buffer.from(over.body ?? '');
  const readBody = vi.fn(async (max: number) => (body.length > max ? null : body));
  const req: EdgeRequest = {
    method: 'GET',
    url: '/v2/token?service=wharf-registry&scope=repository:a/b:pull',
    header: (name) => headers[name] ?? null,
    readBody,
    clientAddress: '10.1.2.3',
    requestId: 'req-1',
    entry: 'server',
    ...over,
  };
  return { req, readBody };
}

beforeEach(() => {
  logged.length = 0;
  service.handleTokenRequest.mockReset();
  service.handleTokenRequest.mockResolvedValue({ status: 200, body: { token: 'eyJ.secret.token' } });
});

describe('handleTokenEdge', () => {
  it('GET: passes query, Authorization and the client address to the service', async () => {
    const { req } = request({ headers: { authorization: BASIC, 'user-agent': 'docker/28' } });
    const res = await handleTokenEdge(req);
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    expect(JSON.parse(res.body)).toEqual({ token: 'eyJ.secret.token' });
    const call = service.handleTokenRequest.mock.calls[0]![0];
    expect(call).toMatchObject({
      method: 'GET',
      authorization: BASIC,
      ip: '10.1.2.3',
      userAgent: 'docker/28',
    });
    expect(call.query.getAll('scope')).toEqual(['repository:a/b:pull']);
  });

  it('POST: parses the form', async () => {
    const { req } = request({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'grant_type=password&username=alice&password=s3cret-pass',
    });
    expect((await handleTokenEdge(req)).status).toBe(200);
    expect(service.handleTokenRequest.mock.calls[0]![0].form.get('username')).toBe('alice');
  });

  it('other methods: 405 with Allow, in the registry error format', async () => {
    for (const method of ['PUT', 'DELETE', 'HEAD', 'OPTIONS']) {
      const res = await handleTokenEdge(request({ method }).req);
      expect(res.status).toBe(405);
      expect(res.headers.Allow).toBe('GET, POST');
      expect(JSON.parse(res.body).errors[0].code).toBe('UNSUPPORTED');
    }
    expect(service.handleTokenRequest).not.toHaveBeenCalled();
  });

  it('POST with another content type: 400 invalid_request, body not read', async () => {
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencodedX', '']) {
      const { req, readBody } = request({ method: 'POST', headers: { 'content-type': type }, body: 'a=1' });
      const res = await handleTokenEdge(req);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({
        error: 'invalid_request',
        errors: [{ code: 'INVALID_REQUEST' }],
      });
      expect(readBody).not.toHaveBeenCalled();
    }
  });

  it('POST over 64 KiB: 413 from Content-Length without reading, or from the capped read', async () => {
    const type = { 'content-type': 'application/x-www-form-urlencoded' };
    const declared = request({ method: 'POST', headers: { ...type, 'content-length': '52428800' } });
    expect((await handleTokenEdge(declared.req)).status).toBe(413);
    expect(declared.readBody).not.toHaveBeenCalled();
    const chunked = request({
      method: 'POST',
      headers: { ...type, 'transfer-encoding': 'chunked' },
      body: 'a='.padEnd(100 * 1024, 'x'),
    });
    const res = await handleTokenEdge(chunked.req);
    expect(res.status).toBe(413);
    expect(chunked.readBody).toHaveBeenCalledWith(64 * 1024);
    expect(JSON.parse(res.body)).toMatchObject({
      error: 'invalid_request',
      details: expect.stringMatching(/65536/),
    });
    expect(service.handleTokenRequest).not.toHaveBeenCalled();
  });

  it('a failing service is 503 with Retry-After, logged at error level', async () => {
    service.handleTokenRequest.mockRejectedValue(new Error('database unreachable'));
    const res = await handleTokenEdge(request().req);
    expect(res.status).toBe(503);
    expect(res.headers['Retry-After']).toBe('5');
    expect(JSON.parse(res.body)).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'token request failed',
        fields: expect.objectContaining({ status: 503 }),
      }),
    ]);
  });

  it('logs one debug line per request with result, status, duration and client address, and no secrets', async () => {
    const { req } = request({
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=alice&password=s3cret-pass&refresh_token=wharf_rt_abc',
    });
    await handleTokenEdge(req);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 'debug',
      msg: 'token request',
      fields: {
        method: 'POST',
        status: 200,
        result: 'ok',
        ip: '10.1.2.3',
        requestId: 'req-1',
        entry: 'server',
      },
    });
    expect(typeof (logged[0]!.fields as { durationMs: unknown }).durationMs).toBe('number');
    const line = JSON.stringify(logged);
    for (const secret of ['s3cret-pass', 'wharf_rt_abc', 'eyJ.secret.token', BASIC.slice(6)])
      expect(line).not.toContain(secret);
  });
});

describe('queryOf', () => {
  it('reads a request target’s query as URL.searchParams does, hostile ones included', () => {
    const targets = [
      '/v2/token',
      '/v2/token?',
      '/v2/token?service=wharf-registry&scope=repository:a/b:pull&scope=repository:c/d:push',
      '/v2/token?scope=repository%3Aa%2Fb%3Apull&offline_token=true',
      '/v2/token?scope=a+b%20c&account=%E2%82%AC&x=%ZZ&y=%',
      '/v2/token?a=1#b=2',
      '/v2/token#?a=1',
      '/v2/token?a="<>`\\{}|^&b=ü x',
      '/v2/token??a=1&&=&b',
      'http://wharf.test:3000/v2/token?service=wharf-registry&scope=x',
      'http://wharf.test/v2/token#frag?scope=x',
    ];
    for (const target of targets)
      expect([...queryOf(target)], target).toEqual([...new URL(target, 'http://wharf.invalid').searchParams]);
  });
});
