// Property-based fuzzing of the REST API: every route under app/api/v1 (found from the route
// files, so a new route is covered without touching this test) gets hostile path params,
// query strings and bodies, anonymously, as a user and as an admin, and must never answer 5xx.
// Fixed seed and bounded runs: the same requests on every run, in well under a minute.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { Api, createProject, createUser } from '../fixtures/api';
import { ADMIN_PASSWORD, ROOT } from '../fixtures/wharf-server';

const API_DIR = path.join(ROOT, 'app', 'api', 'v1');
const SEED = 20260215;
const RUNS_PER_ROUTE = 12;

type Segment = { kind: 'static'; value: string } | { kind: 'param' | 'id' | 'catchAll'; value: string };
type Route = { file: string; segments: Segment[]; methods: string[] };

/** Every route file under app/api/v1 with its path segments and exported methods. */
function discoverRoutes(): Route[] {
  return (readdirSync(API_DIR, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === 'route.ts')
    .sort()
    .map((file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((s) => s && s !== '.')
        .map((s): Segment => {
          const catchAll = /^\[\.\.\.(\w+)\]$/.exec(s);
          if (catchAll) return { kind: 'catchAll', value: catchAll[1]! };
          const param = /^\[(\w+)\]$/.exec(s);
          if (param) return { kind: /id$/i.test(param[1]!) ? 'id' : 'param', value: param[1]! };
          return { kind: 'static', value: s };
        });
      const source = readFileSync(path.join(API_DIR, file), 'utf8');
      const methods = [
        ...new Set(
          [
            ...source.matchAll(
              /export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g,
            ),
          ].map((m) => m[1]!),
        ),
      ];
      return { file, segments, methods };
    });
}

// --- Hostile values -----------------------------------------------------------------------

const nastyStrings = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '%00',
  '\t',
  '\r\n',
  '\u0007\u001b[31m',
  '\u007f',
  '\u0085',
  '../',
  '..',
  '../../etc/passwd',
  '..%2F..%2F',
  '/',
  '\\',
  '%',
  '%zz',
  '"\'<script>',
  ' ',
  '',
  '*)(uid=*',
  '$(id)',
  '\ud800',
  '\uffff',
  '🚢'.repeat(50),
  'Ω≈ç√∫˜µ≤≥÷',
  '0',
  '-1',
  '1e400',
  '99999999999999999999',
  'NaN',
  'null',
  'true',
);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: nastyStrings },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 8,
    }),
  },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n)) },
);

/** Path param values that never name a real object: safe to send with any method as an admin. */
const throwawayParam = fc.oneof(
  hostileString.filter((s) => s.trim() !== 'me' && s !== 'admin'),
  fc.string({ minLength: 1, maxLength: 20 }).map((s) => `fuzz-none-${s}`),
);
/** What the API's id schema would read as an id below 2e9 (Number() accepts " 12 ", "1e3", "0x10"). */
const couldBeRealId = (s: string) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 && n < 2_000_000_000;
};
const throwawayId = fc.oneof(
  fc.integer({ min: 2_000_000_000, max: 2_147_483_647 }).map(String),
  hostileString.filter((s) => !couldBeRealId(s)),
);

const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'name',
        'description',
        'public',
        'username',
        'password',
        'currentPassword',
        'email',
        'displayName',
        'admin',
        'disabled',
        'role',
        'group',
        'actions',
        'permissions',
        'project',
        'expiresInDays',
        'readOnly',
      ),
      hostileString,
    ),
    fc.oneof(
      hostileString,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(hostileString, { maxLength: 3 }),
      fc.array(fc.record({ project: hostileString, actions: fc.array(hostileString, { maxLength: 2 }) }), {
        maxLength: 2,
      }),
      fc.dictionary(hostileString, hostileString, { maxKeys: 2 }),
    ),
    { maxKeys: 5 },
  ),
);

type Body = { text: string; contentType: string } | null;
const hostileBody: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 6,
    arbitrary: hostileJson.map((v) => ({
      text: JSON.stringify(v) ?? 'null',
      contentType: 'application/json',
    })),
  },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1000, max: 20000 })
      .map((n) => ({ text: '['.repeat(n) + ']'.repeat(n), contentType: 'application/json' })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      text: `{"description":"${'x'.repeat(70_000)}"}`,
      contentType: 'application/json',
    }),
  },
  { weight: 1, arbitrary: hostileString.map((s) => ({ text: s, contentType: 'application/json' })) },
  {
    weight: 1,
    arbitrary: hostileJson.map((v) => ({ text: JSON.stringify(v) ?? '', contentType: 'text/plain' })),
  },
);

const hostileQuery = fc.dictionary(
  fc.oneof(fc.constantFrom('q', 'page', 'pageSize', 'sort', 'force'), hostileString),
  hostileString,
  { maxKeys: 4 },
);

/** encodeURIComponent, also for lone surrogates (which it refuses): as in UTF-8, they become U+FFFD. */
const encode = (s: string) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8'));

// --- Requests -----------------------------------------------------------------------------

type Actor = { name: string; authorization?: string; realParams: Record<string, string[]> };
type Request = { method: string; path: string; query: Record<string, string>; body: Body };

function pathArbitrary(route: Route, actor: Actor, mutating: boolean): fc.Arbitrary<string> {
  const parts = route.segments.map((segment): fc.Arbitrary<string> => {
    if (segment.kind === 'static') return fc.constant(segment.value);
    if (segment.kind === 'catchAll') {
      const segs = fc.array(hostileString, { minLength: 1, maxLength: 4 });
      const tail = fc.oneof(
        fc.constant([] as string[]),
        fc.constant(['tags']),
        hostileString.map((t) => ['tags', t]),
      );
      return fc.tuple(segs, tail).map(([a, b]) => [...a, ...b].map(encode).join('/'));
    }
    // Mutations by a signed-in actor only ever name objects that do not exist.
    const unsafe = segment.kind === 'id' ? throwawayId : throwawayParam;
    const real = actor.realParams[segment.value] ?? [];
    const value = mutating || real.length === 0 ? unsafe : fc.oneof(unsafe, fc.constantFrom(...real));
    return value.map(encode);
  });
  return fc.tuple(...parts).map((p) => `/api/v1/${p.join('/')}`);
}

async function send(actor: Actor, request: Request): Promise<{ status: number; text: string }> {
  const url = new URL(request.path, process.env.WHARF_E2E_URL);
  for (const [k, v] of Object.entries(request.query)) url.searchParams.append(k, v);
  const headers: Record<string, string> = {};
  if (actor.authorization) headers.Authorization = actor.authorization;
  if (request.body) headers['Content-Type'] = request.body.contentType;
  const res = await fetch(url, {
    method: request.method,
    headers,
    body: request.body?.text,
    redirect: 'manual',
  });
  return { status: res.status, text: (await res.text()).slice(0, 300) };
}

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

// Global, input-independent admin actions a fuzzer has no business repeating: a full registry walk.
const SKIPPED_FOR_SIGNED_IN: ReadonlySet<string> = new Set(['POST system/reconcile/route.ts']);

const routes = discoverRoutes();
const actors: Actor[] = [];

test.beforeAll(async () => {
  const admin = await Api.admin();
  const user = await createUser(admin, { prefix: 'fuzzer' });
  const project = await createProject(admin, { prefix: 'fuzz', public: true });
  await admin.dispose();
  await user.api.dispose();
  // Real names are used for reads only: they reach past the lookups into the handlers.
  const realParams = { name: [project], username: ['me', 'admin'], id: ['1'], memberId: ['1'] };
  actors.push(
    { name: 'anonymous', realParams },
    { name: user.username, authorization: basic(user.username, user.password), realParams },
    { name: 'admin', authorization: basic('admin', ADMIN_PASSWORD), realParams },
  );
});

test('discovers every route file under app/api/v1', () => {
  expect(routes.length).toBeGreaterThanOrEqual(20);
  expect(routes.map((r) => r.file)).toContain(path.join('search', 'route.ts'));
  for (const route of routes) expect(route.methods.length, route.file).toBeGreaterThan(0);
});

for (const route of routes) {
  for (const method of route.methods) {
    test(`${method} /api/v1/${route.file.replace(/\/?route\.ts$/, '')} – hostile input never answers 5xx`, async () => {
      const mutating = method !== 'GET';
      for (const actor of actors) {
        if (actor.authorization && SKIPPED_FOR_SIGNED_IN.has(`${method} ${route.file}`)) continue;
        const request = fc.record({
          method: fc.constant(method),
          path: pathArbitrary(route, actor, mutating),
          query: hostileQuery,
          body: mutating ? hostileBody : fc.constant(null),
        });
        await fc.assert(
          fc.asyncProperty(request, async (req) => {
            const res = await send(actor, req);
            expect(
              res.status,
              `${actor.name}: ${req.method} ${req.path}?${new URLSearchParams(req.query)} ${req.body?.text.slice(0, 200) ?? ''} → ${res.text}`,
            ).toBeLessThan(500);
          }),
          { seed: SEED, numRuns: RUNS_PER_ROUTE },
        );
      }
    });
  }
}
