import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/openapi';
import { operations } from '@/lib/openapi/operations';
import { METHODS } from '@/lib/openapi/types';
import { settingsSchema } from '@/lib/settings';

const apiRoot = path.resolve(__dirname, '..', '..', 'app', 'api', 'v1');

/** Every route.ts under app/api/v1 as "METHOD /api/v1/path/{param}". */
function routesOnDisk(dir = apiRoot): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routesOnDisk(full));
    else if (entry === 'route.ts') {
      const urlPath =
        '/api/v1' +
        path
          .relative(apiRoot, dir)
          .split(path.sep)
          .filter(Boolean)
          .map((seg) => seg.replace(/^\[\.\.\.(.+)\]$/, '{$1}').replace(/^\[(.+)\]$/, '{$1}'))
          .map((seg) => `/${seg}`)
          .join('');
      const source = readFileSync(full, 'utf8');
      for (const m of source.matchAll(
        /export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g,
      )) {
        out.push(`${m[1]} ${urlPath}`);
      }
    }
  }
  return out;
}

const entries = Object.entries(operations).flatMap(([p, ops]) =>
  METHODS.filter((m) => ops[m]).map((m) => ({ method: m, path: p, op: ops[m]! })),
);

type Doc = {
  paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
const doc = openApiDocument as unknown as Doc;

describe('OpenAPI document', () => {
  it('lists exactly the routes and methods under app/api/v1', () => {
    // A catch-all route ({path}) serves every documented path below it.
    const documented = entries
      .filter((e) => e.path.startsWith('/api/v1/'))
      .map((e) => `${e.method.toUpperCase()} ${e.path.replace(/(\{path\}).*$/, '$1')}`);
    expect([...new Set(documented)].sort()).toEqual(routesOnDisk().sort());
  });

  it('gives every operation its response schemas, and every POST, PUT and PATCH its body (or null)', () => {
    const missing: string[] = [];
    for (const { method, path: p, op } of entries) {
      const where = `${method.toUpperCase()} ${p}`;
      const ok = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      if (!ok.length) missing.push(`${where}: no success response`);
      for (const [status, spec] of ok)
        if (spec === undefined || (spec === null && status !== '204'))
          missing.push(`${where}: no schema for ${status}`);
      if (['post', 'put', 'patch'].includes(method) && op.body === undefined)
        missing.push(`${where}: no request body schema (null if it takes none)`);
      if (p.includes('{') && !op.params) missing.push(`${where}: no path parameter schema`);
    }
    expect(missing).toEqual([]);
  });

  it('declares every path parameter it uses, from the route schemas', () => {
    for (const [p, ops] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        const declared = op.parameters.filter((x) => x.in === 'path').map((x) => x.name);
        expect(declared.sort(), p).toEqual(names.sort());
      }
    }
  });

  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('documents every runtime setting (it once listed 1 of 4) and the query parameters routes parse', () => {
    expect(Object.keys(doc.components.schemas.Settings!.properties!).sort()).toEqual(
      Object.keys(settingsSchema.shape).sort(),
    );
    const params = (p: string, m: string) => doc.paths[p]![m]!.parameters.map((x) => `${x.in}:${x.name}`);
    expect(params('/api/v1/projects', 'get').sort()).toEqual(['query:page', 'query:pageSize', 'query:q']);
    expect(params('/api/v1/audit', 'get')).toEqual(
      expect.arrayContaining(['query:actor', 'query:from', 'query:format']),
    );
    expect(params('/api/v1/projects/{name}/webhooks/{id}/deliveries/{deliveryId}/redeliver', 'post')).toEqual(
      ['path:name', 'path:id', 'path:deliveryId'],
    );
  });
});
