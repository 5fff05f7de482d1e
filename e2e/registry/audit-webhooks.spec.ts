// Activity, audit log and webhooks with real parts: a podman push through the real registry
// shows up in the audit log and the project's Activity tab with its actor, and reaches a
// webhook receiver (started here on 127.0.0.1) within seconds, signed; the audit log exports
// 100,000 events as a streamed RFC 4180 CSV.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';
import { signInViaUi } from '../fixtures/auth';
import { Podman, registryHost } from '../fixtures/clients';
import { registryFetch, requestToken } from '../fixtures/token';
import { hasValidSignature, startReceiver } from '../fixtures/webhook-receiver';
import { ADMIN_PASSWORD, startWharf, waitFor } from '../fixtures/wharf-server';

test('[AUDIT]: a podman push is in the audit log and the Activity tab with its actor, and a signed webhook gets it within seconds', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const admin = await Api.admin();
  const receiver = await startReceiver();
  try {
    const project = await createProject(admin, { prefix: 'hooks' });
    const dev = await createUser(admin, { prefix: 'hookdev' });
    expect(
      (await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'developer' }))
        .status,
    ).toBe(201);

    const created = await admin.post(`/api/v1/projects/${project}/webhooks`, {
      url: `${receiver.url}/wharf`,
      events: ['push'],
    });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    expect(created.data).toMatchObject({ format: 'wharf', enabled: true, verifyTls: true, events: ['push'] });
    const secret: string = created.data.secret;
    expect(secret).toMatch(/^wharf_whsec_/);
    const harbor = await admin.post(`/api/v1/projects/${project}/webhooks`, {
      url: `${receiver.url}/harbor`,
      events: ['push', 'delete'],
      format: 'harbor',
      authHeader: 'Bearer harbor-receiver-token',
    });
    expect(harbor.status).toBe(201);
    // The secret is shown once: never in a later answer.
    expect(JSON.stringify((await admin.get(`/api/v1/projects/${project}/webhooks`)).data)).not.toContain(
      secret,
    );

    const podman = new Podman();
    expect((await podman.login(dev.username, dev.password)).code).toBe(0);
    const ref = `${registryHost()}/${project}/app:v1`;
    await podman.makeImage(ref);
    const started = Date.now();
    const push = await podman.push(ref);
    expect(push.code, push.stderr).toBe(0);

    await waitFor(async () => receiver.received.length >= 2, 15_000, 'both webhooks to get the push');
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(15);
    const wharf = receiver.received.find((r) => r.path === '/wharf')!;
    expect(wharf.headers['content-type']).toBe('application/json');
    expect(wharf.headers['x-wharf-event']).toBe('push');
    expect(wharf.headers['x-wharf-delivery']).toMatch(/^\d+$/);
    expect(hasValidSignature(wharf, secret)).toBe(true);
    expect(hasValidSignature({ ...wharf, body: wharf.body + ' ' }, secret)).toBe(false);
    const event = JSON.parse(wharf.body);
    expect(event).toMatchObject({
      type: 'push',
      project,
      repository: `${project}/app`,
      tag: 'v1',
      digest: expect.stringMatching(/^sha256:/),
      actor: { name: dev.username, kind: 'user' },
    });
    expect(event.id).toEqual(expect.any(String));

    const harborHit = receiver.received.find((r) => r.path === '/harbor')!;
    expect(harborHit.headers.authorization).toBe('Bearer harbor-receiver-token');
    expect(JSON.parse(harborHit.body)).toMatchObject({
      type: 'PUSH_ARTIFACT',
      operator: dev.username,
      occur_at: expect.any(Number),
      event_data: {
        resources: [{ digest: event.digest, tag: 'v1', resource_url: `${registryHost()}/${project}/app:v1` }],
        repository: {
          name: 'app',
          namespace: project,
          repo_full_name: `${project}/app`,
          repo_type: 'private',
        },
      },
    });

    // The delivery log says it went through at the first attempt.
    await expect
      .poll(
        async () =>
          (await admin.get(`/api/v1/projects/${project}/webhooks/${created.data.id}/deliveries`)).data
            .items[0],
      )
      .toMatchObject({ eventType: 'push', status: 'delivered', responseCode: 200, attempts: 1 });

    // Audit log (admins), filtered by actor and action; the project's activity for its members only.
    const audit = await admin.get(`/api/v1/audit?actor=${dev.username}&action=registry.push`);
    expect(audit.status).toBe(200);
    expect(audit.data.items).toContainEqual(
      expect.objectContaining({
        actor: dev.username,
        action: 'registry.push',
        target: `${project}/app:v1`,
        project,
      }),
    );
    const asDev = await Api.as(dev.username, dev.password);
    const activity = await asDev.get(`/api/v1/projects/${project}/activity?repository=${project}/app`);
    expect(activity.status).toBe(200);
    expect(activity.data.items.map((e: { action: string }) => e.action)).toContain('registry.push');
    expect((await asDev.get('/api/v1/audit')).status).toBe(403);
    expect((await asDev.get(`/api/v1/projects/${project}/activity?from=not-a-date`)).status).toBe(400);
    const outsider = await createUser(admin, { prefix: 'outsider' });
    const asOutsider = await Api.as(outsider.username, outsider.password);
    expect((await asOutsider.get(`/api/v1/projects/${project}/activity`)).status).toBe(404);
    // Developers see activity but not webhooks (project admins).
    expect((await asDev.get(`/api/v1/projects/${project}/webhooks`)).status).toBe(403);

    // The Activity tab shows the push with its actor.
    await signInViaUi(page, dev.username, dev.password);
    await expect(page).toHaveURL(/\/projects$/);
    await page.goto(`/projects/${project}`);
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Activity' }).click();
    const row = page
      .getByRole('table', { name: 'Audit events' })
      .getByRole('row', { name: /registry\.push/ });
    await expect(row.first()).toContainText(dev.username);
    await expect(row.first()).toContainText(`${project}/app:v1`);
    await expect(
      page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Webhooks' }),
    ).toHaveCount(0);
    await asDev.dispose();
    await asOutsider.dispose();
  } finally {
    await receiver.close();
    await admin.dispose();
  }
});

test('[AUDIT]: Administration → Audit log filters by project and action, and the Webhooks tab sends a test', async ({
  page,
}) => {
  const admin = await Api.admin();
  const receiver = await startReceiver();
  try {
    const project = await createProject(admin, { prefix: 'hookui' });
    const member = await createUser(admin, { prefix: 'auditee' });
    await admin.post(`/api/v1/projects/${project}/members`, { username: member.username, role: 'guest' });
    await signInViaUi(page, 'admin', ADMIN_PASSWORD);
    await expect(page).toHaveURL(/\/projects$/);
    await page.goto('/admin');
    await expect(page.getByTestId('audit-count')).toHaveText(/^\d+$/);
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    const filters = page.getByRole('search', { name: 'Filter events' });
    await filters.getByLabel('Project', { exact: true }).fill(project);
    await filters.getByLabel('Action', { exact: true }).fill('member.*');
    await filters.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(page).toHaveURL(/action=member\.\*/);
    const rows = page.getByRole('table', { name: 'Audit events' }).getByRole('row');
    await expect(rows).toHaveCount(2); // the header and the one member.add
    await expect(rows.nth(1)).toContainText('member.add');
    await expect(rows.nth(1)).toContainText(member.username);

    await page.goto(`/projects/${project}/webhooks`);
    await page.getByLabel('Payload URL').fill(`${receiver.url}/ui`);
    await page.getByLabel('Payload format').selectOption('cloudevents');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByText(/copy it now, it is not shown again/)).toBeVisible();
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect(
      page.getByRole('table', { name: /Deliveries of webhook/ }).getByText('delivered'),
    ).toBeVisible({
      timeout: 15_000,
    });
    const hit = receiver.received.find((r) => r.path === '/ui')!;
    expect(hit.headers['content-type']).toBe('application/cloudevents+json');
    expect(hit.headers['x-wharf-event']).toBe('test');
    expect(JSON.parse(hit.body)).toMatchObject({
      specversion: '1.0',
      type: 'io.wharf.test',
      datacontenttype: 'application/json',
    });
  } finally {
    await receiver.close();
    await admin.dispose();
  }
});

test('[AUDIT]: webhook bodies are checked: a non-http URL, credentials in the URL, no or unknown events, an unknown format are 400s', async () => {
  const admin = await Api.admin();
  const project = await createProject(admin, { prefix: 'hookbad' });
  const post = (body: unknown) => admin.post(`/api/v1/projects/${project}/webhooks`, body);
  for (const body of [
    { url: 'ftp://example.com/x', events: ['push'] },
    { url: 'http://user:pw@127.0.0.1/x', events: ['push'] },
    { url: 'http://127.0.0.1/x', events: [] },
    { url: 'http://127.0.0.1/x', events: ['tag'] },
    { url: 'http://127.0.0.1/x', events: ['push'], format: 'slack' },
  ]) {
    const res = await post(body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.data.error.code).toBe('validation_failed');
  }
  const networks = await admin.patch('/api/v1/settings', { webhookAllowedNetworks: ['10.0.0.0/33'] });
  expect(networks.status).toBe(400);
  expect(networks.data.error.message).toMatch(/webhookAllowedNetworks/);
  await admin.dispose();
});

test('[AUDIT]: the audit log exports 100,000 events as a streamed RFC 4180 CSV', async () => {
  test.setTimeout(180_000);
  // A Wharf of its own: the suite's shared one grows with the other workers' traffic, which is
  // not what is measured here. Its old generation is capped at 160 MB, so the garbage collector
  // keeps the heap near what is live instead of growing it at will (RSS then swung by 30-66 MB
  // between runs of the same streamed export), and an export buffered in memory (about 156 MB
  // more for these rows) dies of it instead of passing.
  const wharf = await startWharf({
    name: 'csv-export',
    env: { REGISTRY_URL: 'http://127.0.0.1:9' },
    nodeFlags: ['--max-old-space-size=160'],
  });
  const project = uniqueName('csv');
  const db = new pg.Client({ connectionString: wharf.databaseUrl() });
  await db.connect();
  const rssOf = () =>
    Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${wharf.process.pid}/status`, 'utf8'))?.[1]) * 1024;
  const exportCsv = (of: string) =>
    fetch(`${wharf.url}/api/v1/audit?project=${of}&format=csv`, {
      headers: { Authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
    });
  try {
    const seed = (of: string, n: number) =>
      db.query(
        `INSERT INTO "AuditEvent" ("actorName", action, "targetType", target, project, repository, detail, at)
       SELECT CASE WHEN i % 1000 = 0 THEN 'eve, "quoted"' ELSE 'ci-' || (i % 7) END, 'registry.pull', 'repository',
              CASE WHEN i % 1000 = 1 THEN E'multi\r\nline, "x"' ELSE $1 || '/app:' || i END, $1, $1 || '/app',
              jsonb_build_object('n', i), now() - make_interval(secs => i)
         FROM generate_series(1, $2::int) AS i`,
        [of, n],
      );
    await seed(project, 100_000);
    await seed('csv-warm-up', 20_000);
    // Warm up with a smaller export (route code loaded, the heap grown to its working size):
    // what the 100,000 rows then add is what a buffered export would cost.
    expect((await (await exportCsv('csv-warm-up')).text()).startsWith('time,')).toBe(true);
    const before = rssOf();
    let peak = before;
    const res = await exportCsv(project);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="wharf-audit\.csv"/);
    // Read it as it arrives, parsing RFC 4180 record by record (quoted fields may hold CRLF, commas, "").
    const decoder = new TextDecoder();
    let records = 0;
    let header: string[] | null = null;
    let field = '';
    let row: string[] = [];
    let quoted = false;
    let pendingQuote = false;
    let quotedRows = 0;
    let multiline = 0;
    let bad = 0;
    const endRow = () => {
      row.push(field);
      field = '';
      if (!header) header = row;
      else {
        records += 1;
        if (row.length !== header.length) bad += 1;
        if (row[1] === 'eve, "quoted"') quotedRows += 1;
        if (row[5] === 'multi\r\nline, "x"') multiline += 1;
      }
      row = [];
    };
    let prevCr = false;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      peak = Math.max(peak, rssOf());
      for (const c of decoder.decode(chunk, { stream: true })) {
        if (pendingQuote) {
          pendingQuote = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false;
        }
        if (quoted) {
          if (c === '"') pendingQuote = true;
          else field += c;
          continue;
        }
        if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(field);
          field = '';
        } else if (c === '\r') prevCr = true;
        else if (c === '\n' && prevCr) {
          prevCr = false;
          endRow();
        } else field += c;
      }
    }
    expect(header).toEqual([
      'time',
      'actor',
      'actor_kind',
      'action',
      'target_type',
      'target',
      'project',
      'repository',
      'source_ip',
      'count',
      'detail',
    ]);
    expect(records).toBe(100_000);
    expect(bad).toBe(0);
    expect(quotedRows).toBe(100);
    expect(multiline).toBe(100);
    // Streamed from keyset pages: the server did not hold the export (about 15 MB of CSV, and
    // many times that as rows) in memory.
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  } finally {
    await db.end();
    expect(await wharf.stop()).toBe(0);
  }
});

test('[AUDIT]: a tag pulled in a loop by one actor is one audit row with a count, and one pull webhook', async () => {
  test.setTimeout(120_000);
  const admin = await Api.admin();
  const receiver = await startReceiver();
  try {
    const project = await createProject(admin, { prefix: 'pulls' });
    const dev = await createUser(admin, { prefix: 'puller' });
    await admin.post(`/api/v1/projects/${project}/members`, { username: dev.username, role: 'developer' });
    const hook = await admin.post(`/api/v1/projects/${project}/webhooks`, {
      url: `${receiver.url}/pulls`,
      events: ['pull'],
    });
    expect(hook.status).toBe(201);
    const podman = new Podman();
    expect((await podman.login(dev.username, dev.password)).code).toBe(0);
    const ref = `${registryHost()}/${project}/loop:v1`;
    await podman.makeImage(ref);
    expect((await podman.push(ref)).code).toBe(0);

    const { body } = await requestToken({
      username: dev.username,
      password: dev.password,
      scopes: [`repository:${project}/loop:pull`],
    });
    const accept =
      'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';
    for (let i = 0; i < 5; i++) {
      const res = await registryFetch(`/v2/${project}/loop/manifests/v1`, body.token, {
        headers: { Accept: accept },
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const pulls = async () =>
      (await admin.get(`/api/v1/audit?repository=${project}/loop&action=registry.pull&actor=${dev.username}`))
        .data;
    await expect.poll(async () => (await pulls()).items.map((e: { count: number }) => e.count)).toEqual([5]);
    expect((await pulls()).total).toBe(1);
    await waitFor(async () => receiver.received.length >= 1, 15_000, 'the pull webhook');
    await new Promise((r) => setTimeout(r, 1500)); // a second delivery would be in by now
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: 'pull',
      tag: 'v1',
      actor: { name: dev.username },
    });
  } finally {
    await receiver.close();
    await admin.dispose();
  }
});
