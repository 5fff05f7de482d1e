import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/openapi';

const apiRoot = path.resolve(__dirname, '..', 'app', 'api', 'v1');

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

describe('OpenAPI document', () => {
  it('lists exactly the routes and methods that exist', () => {
    // A catch-all route ({path}) serves every documented path below it.
    const documented = Object.entries(openApiDocument.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/(\{path\}).*$/, '$1')}`),
    );
    expect([...new Set(documented)].sort()).toEqual(routesOnDisk().sort());
  });

  it('declares every path parameter it uses', () => {
    for (const [p, ops] of Object.entries(openApiDocument.paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops) as Array<{ parameters?: Array<{ name: string; in: string }> }>) {
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        expect(declared.sort()).toEqual(names.sort());
      }
    }
  });
});
