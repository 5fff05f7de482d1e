// Web hardening, as a security reviewer would check it against a running Wharf: hostile input
// is a clear 4xx, security headers on every response (HSTS decided when Wharf starts), errors
// never name what the caller may not see, and e-mail addresses cannot be confirmed by search.
import { expect, test } from '@playwright/test';
import { Api, createProject, createUser, uniqueName } from '../fixtures/api';
import { startWharf, type WharfServer } from '../fixtures/wharf-server';

const url = (path: string) => new URL(path, process.env.WHARF_E2E_URL).toString();

test.describe('[HARDENING]: hostile input', () => {
  test('GET /api/v1/search?q=%00 – anonymous NUL search is a 400 with the error envelope', async () => {
    const res = await fetch(url('/api/v1/search?q=%00'));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/control characters/);
  });

  test('NUL and control characters in params, queries, bodies and credentials are 4xx, never 500', async () => {
    const admin = await Api.admin();
    const anonymous = await Api.as(null);
    try {
      const project = await createProject(admin, { prefix: 'nul' });
      const cases: Array<[Api, string, string, unknown?]> = [
        [anonymous, 'GET', '/api/v1/projects/%00'],
        [anonymous, 'GET', '/api/v1/projects?q=a%00b'],
        [anonymous, 'GET', '/api/v1/projects/x%00y/repositories'],
        [anonymous, 'GET', '/api/v1/repositories/a%00/b/tags'],
        [admin, 'GET', '/api/v1/users?q=%00'],
        [admin, 'GET', '/api/v1/users/%00'],
        [admin, 'GET', '/api/v1/users/%00/tokens'],
        [admin, 'GET', '/api/v1/projects/%00/members'],
        [admin, 'GET', '/api/v1/search?q=%07%1b'],
        [admin, 'GET', '/api/v1/ldap/groups?q=%00'],
        [admin, 'PATCH', '/api/v1/robots/99999999999', { disabled: true }],
        [admin, 'POST', '/api/v1/projects', { name: uniqueName('nul'), description: 'a\u0000b' }],
        [admin, 'PATCH', `/api/v1/projects/${project}`, { description: '\u0000' }],
        [admin, 'POST', `/api/v1/projects/${project}/members`, { username: 'a\u0000', role: 'guest' }],
        [
          admin,
          'POST',
          `/api/v1/projects/${project}/robots`,
          { name: 'ci', actions: ['pull'], description: '\u0000' },
        ],
        [admin, 'POST', '/api/v1/users/me/tokens', { name: 'tok\u0000' }],
        [
          admin,
          'POST',
          '/api/v1/users',
          { username: 'n', password: 'long-enough-Pass1', displayName: '\u0000' },
        ],
        [admin, 'POST', '/api/v1/system/ldap', { username: '\u0000' }],
      ];
      for (const [api, method, path, body] of cases) {
        const res = await api.call(method, path, body);
        expect(res.status, `${api.username ?? 'anonymous'} ${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path}: ${JSON.stringify(res.data)}`).toBeLessThan(500);
        expect(res.data?.error?.message, `${method} ${path}`).toEqual(expect.any(String));
      }
      // A NUL in the HTTP Basic username reaches the database lookup only as a refused credential.
      const nulUser = await Api.as('ad\u0000min', 'whatever');
      const res = await nulUser.get('/api/v1/projects');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      await nulUser.dispose();
    } finally {
      await admin.dispose();
      await anonymous.dispose();
    }
  });
});

test.describe('[HARDENING]: security headers', () => {
  const expectStatic = (res: Response) => {
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  };

  test('pages, API answers, redirects and errors carry CSP, X-Frame-Options, nosniff and Referrer-Policy', async () => {
    for (const path of [
      '/login',
      '/projects',
      '/api/health',
      '/api/v1/projects',
      '/api/v1/users',
      '/api/v1/nope',
      '/nope',
    ]) {
      const res = await fetch(url(path), { redirect: 'manual' });
      expectStatic(res);
      // Served over http here: no HSTS.
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  test('a page allows only scripts with its own nonce, new on every response', async () => {
    const nonceOf = async () => {
      const res = await fetch(url('/login'));
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(csp).toContain("'strict-dynamic'");
      expect(csp).not.toContain('unsafe-eval');
      expect(nonce).toBeTruthy();
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      return nonce;
    };
    expect(await nonceOf()).not.toBe(await nonceOf());
  });
});

test.describe('[HARDENING]: https deployment', () => {
  let https: WharfServer;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // The same build, started with an https public URL (TLS ends at a proxy in front of Wharf).
    https = await startWharf({ name: 'https', env: { WHARF_URL: 'https://wharf.test' } });
  });

  test.afterAll(async () => {
    expect(await https?.stop()).toBe(0);
  });

  test('HSTS is sent when WHARF_URL is https, decided at start, and session cookies are Secure', async () => {
    for (const path of ['/login', '/api/health']) {
      const res = await fetch(`${https.url}${path}`);
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    const csrf = await fetch(`${https.url}/api/auth/csrf`);
    const cookies = csrf.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });
});

test.describe('[HARDENING]: errors never name what the caller may not see', () => {
  test('PATCH/POST/DELETE /api/v1/robots/{id} – a robot of an invisible project is "robot not found"', async () => {
    const admin = await Api.admin();
    const owner = await createUser(admin, { prefix: 'leakowner' });
    const outsider = await createUser(admin, { prefix: 'leakout' });
    try {
      const secret = await createProject(admin, { prefix: 'secret' });
      await admin.post(`/api/v1/projects/${secret}/members`, {
        username: owner.username,
        role: 'projectAdmin',
      });
      const robot = await owner.api.post(`/api/v1/projects/${secret}/robots`, {
        name: 'ci',
        actions: ['pull'],
      });
      expect(robot.status).toBe(201);
      const id = robot.data.id as number;
      const missing = await outsider.api.patch('/api/v1/robots/2000000000', { disabled: true });
      expect(missing.status).toBe(404);
      for (const res of [
        await outsider.api.patch(`/api/v1/robots/${id}`, { disabled: true }),
        await outsider.api.post(`/api/v1/robots/${id}/rotate`, {}),
        await outsider.api.delete(`/api/v1/robots/${id}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.data.error.message).toBe('robot not found');
        expect(JSON.stringify(res.data)).not.toContain(secret);
        // The same answer as for a robot that does not exist.
        expect(res.data).toEqual(missing.data);
      }
      // The owner still manages it.
      expect((await owner.api.patch(`/api/v1/robots/${id}`, { description: 'ok' })).status).toBe(200);
    } finally {
      await Promise.all([admin.dispose(), owner.api.dispose(), outsider.api.dispose()]);
    }
  });
});

test.describe('[HARDENING]: e-mail enumeration', () => {
  test('GET /api/v1/users?q=<email> – only admins search by e-mail', async () => {
    const admin = await Api.admin();
    const target = await createUser(admin, { prefix: 'mailme' });
    const other = await createUser(admin, { prefix: 'searcher' });
    const email = `${target.username}@example.test`;
    try {
      const byEmail = await other.api.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
      expect(byEmail.status).toBe(200);
      expect(byEmail.data.items.map((u: { username: string }) => u.username)).not.toContain(target.username);
      expect(byEmail.data.total).toBe(0);
      // The domain part alone finds nobody either.
      const byDomain = await other.api.get('/api/v1/users?q=example.test');
      expect(byDomain.data.total).toBe(0);
      // Usernames still work for the member typeahead.
      const byName = await other.api.get(`/api/v1/users?q=${encodeURIComponent(target.username)}`);
      expect(byName.data.items.map((u: { username: string }) => u.username)).toContain(target.username);
      // Admins find users by e-mail.
      const asAdmin = await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
      expect(asAdmin.data.items.map((u: { username: string }) => u.username)).toEqual([target.username]);
    } finally {
      await Promise.all([admin.dispose(), target.api.dispose(), other.api.dispose()]);
    }
  });
});
