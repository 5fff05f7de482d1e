import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPayload, retryDelaySeconds, signBody, type WharfEvent } from '@/lib/webhooks/payload';
import { postWebhook } from '@/lib/webhooks/send';

const push: WharfEvent = {
  id: '4a0b1c2d-0000-4000-8000-000000000001',
  type: 'push',
  time: '2026-11-30T12:00:00.000Z',
  project: 'team',
  projectPublic: false,
  repository: 'team/app',
  tag: '1.0',
  digest: 'sha256:abc',
  actor: { name: 'alice', kind: 'user' },
};
const ctx = { wharfUrl: 'https://wharf.example.com', registryHost: 'registry.example.com' };

describe('webhook payloads', () => {
  it('wharf: the event itself', () => {
    const { body, contentType } = renderPayload(push, 'wharf', ctx);
    expect(contentType).toBe('application/json');
    expect(JSON.parse(body)).toEqual(push);
  });

  it("harbor: the field layout of Harbor's Default payload", () => {
    const body = JSON.parse(renderPayload(push, 'harbor', ctx).body);
    expect(body).toEqual({
      type: 'PUSH_ARTIFACT',
      occur_at: 1796040000,
      operator: 'alice',
      event_data: {
        resources: [{ digest: 'sha256:abc', tag: '1.0', resource_url: 'registry.example.com/team/app:1.0' }],
        repository: { name: 'app', namespace: 'team', repo_full_name: 'team/app', repo_type: 'private' },
      },
    });
    const byDigest = JSON.parse(
      renderPayload({ ...push, type: 'delete', tag: null, projectPublic: true }, 'harbor', ctx).body,
    );
    expect(byDigest.type).toBe('DELETE_ARTIFACT');
    expect(byDigest.event_data.resources[0].resource_url).toBe('registry.example.com/team/app@sha256:abc');
    expect(byDigest.event_data.repository.repo_type).toBe('public');
  });

  it('cloudevents: CloudEvents 1.0 structured mode', () => {
    const { body, contentType } = renderPayload(push, 'cloudevents', ctx);
    expect(contentType).toBe('application/cloudevents+json');
    expect(JSON.parse(body)).toEqual({
      specversion: '1.0',
      id: push.id,
      source: 'https://wharf.example.com/projects/team',
      type: 'io.wharf.push',
      time: push.time,
      subject: 'team/app:1.0',
      datacontenttype: 'application/json',
      data: push,
    });
  });

  it('signs the raw body with HMAC-SHA256', () => {
    const body = renderPayload(push, 'wharf', ctx).body;
    expect(signBody(body, 's3cret')).toBe(
      `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`,
    );
  });

  it('backs off exponentially up to 15 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
    expect(retryDelaySeconds(30)).toBe(900);
  });
});

describe('postWebhook', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ req: IncomingMessage; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ req, body });
        if (req.url === '/slow') return; // never answers
        if (req.url === '/redirect') {
          res.writeHead(302, { Location: '/elsewhere' }).end();
          return;
        }
        res.writeHead(req.url === '/fail' ? 500 : 204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const allowLoopback = { allowPrivate: true, networks: [] };

  it('posts the body with its headers and reports the status', async () => {
    const result = await postWebhook({
      url: `${url}/hook`,
      body: '{"a":1}',
      headers: { 'Content-Type': 'application/json', 'X-Wharf-Event': 'push' },
      verifyTls: true,
      policy: allowLoopback,
    });
    expect(result).toMatchObject({ status: 204 });
    const last = seen.at(-1)!;
    expect(last.body).toBe('{"a":1}');
    expect(last.req.headers['x-wharf-event']).toBe('push');
  });

  it('reports 5xx and redirects as answers (a redirect is not followed)', async () => {
    const base = { body: '{}', headers: {}, verifyTls: true, policy: allowLoopback };
    expect(await postWebhook({ ...base, url: `${url}/fail` })).toMatchObject({ status: 500 });
    const before = seen.length;
    expect(await postWebhook({ ...base, url: `${url}/redirect` })).toMatchObject({ status: 302 });
    expect(seen.length).toBe(before + 1);
  });

  it('gives up an attempt after its time limit', async () => {
    const result = await postWebhook({
      url: `${url}/slow`,
      body: '{}',
      headers: {},
      verifyTls: true,
      policy: allowLoopback,
      timeoutMs: 300,
    });
    expect(result).toMatchObject({ error: 'no answer within 0.3 s' });
  });

  it('refuses loopback targets unless private targets are allowed, by address and by name', async () => {
    const before = seen.length;
    const closed = { allowPrivate: false, networks: [] };
    const base = { body: '{}', headers: {}, verifyTls: true, policy: closed };
    expect(await postWebhook({ ...base, url: `${url}/hook` })).toMatchObject({
      error: expect.stringMatching(/loopback/),
    });
    const byName = url.replace('127.0.0.1', 'localhost');
    expect(await postWebhook({ ...base, url: `${byName}/hook` })).toMatchObject({
      error: expect.stringMatching(/loopback/),
    });
    expect(seen.length).toBe(before);
  });
});
