import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appDirRoutes,
  ASSETS_ROUTE,
  loadRouteMatcher,
  routeMatcher,
  UNMATCHED_ROUTE,
} from '@/lib/edge/route-pattern';

// The shape of .next/routes-manifest.json (regexes as Next.js writes them), in Next's order.
const match = routeMatcher({
  staticRoutes: [
    { page: '/', regex: '^/(?:/)?$' },
    { page: '/v2/token', regex: '^/v2/token(?:/)?$' },
    { page: '/api/v1/projects', regex: '^/api/v1/projects(?:/)?$' },
  ],
  dynamicRoutes: [
    { page: '/api/v1/projects/[name]', regex: '^/api/v1/projects/([^/]+?)(?:/)?$' },
    { page: '/api/v1/projects/[name]/members', regex: '^/api/v1/projects/([^/]+?)/members(?:/)?$' },
    { page: '/repositories/[...name]', regex: '^/repositories/(.+?)(?:/)?$' },
  ],
});

describe('route patterns', () => {
  it('names the route pattern, never the path or the query string', () => {
    expect(match('/')).toBe('/');
    expect(match('/v2/token?service=wharf-registry&scope=repository:a/b:pull')).toBe('/v2/token');
    expect(match('/api/v1/projects/')).toBe('/api/v1/projects');
    expect(match('/api/v1/projects/secret-project?token=abc')).toBe('/api/v1/projects/[name]');
    expect(match('/api/v1/projects/p/members#x')).toBe('/api/v1/projects/[name]/members');
    expect(match('/repositories/team/app/sub')).toBe('/repositories/[...name]');
  });

  it('puts assets and unknown paths under fixed placeholders', () => {
    expect(match('/_next/static/chunks/app.js?v=1')).toBe(ASSETS_ROUTE);
    expect(match('/wp-login.php')).toBe(UNMATCHED_ROUTE);
    expect(match('/api/v1/projects/a/b/c')).toBe(UNMATCHED_ROUTE);
  });

  it('without a manifest, every path is unmatched and the reason is given', () => {
    const { match: none, error } = loadRouteMatcher('/nonexistent/routes-manifest.json');
    expect(error).toMatch(/ENOENT/);
    expect(none('/api/v1/projects')).toBe(UNMATCHED_ROUTE);
  });

  it('reads the same patterns from an app directory (npm run dev): groups, private folders and slots add no segment', () => {
    const app = mkdtempSync(path.join(tmpdir(), 'wharf-app-'));
    for (const file of [
      'page.tsx',
      '(auth)/login/page.tsx',
      '(portal)/projects/(list)/page.tsx',
      '(portal)/projects/[name]/(overview)/page.tsx',
      '(portal)/projects/[name]/members/page.tsx',
      '(portal)/projects/[name]/_parts/ignored.tsx',
      '(portal)/repositories/[...name]/page.tsx',
      'api/v1/openapi.json/route.ts',
      'api/v1/repositories/[...path]/route.ts',
      'docs/[[...slug]]/page.tsx',
      '@modal/photo/page.tsx',
      '_private/page.tsx',
    ]) {
      mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      writeFileSync(path.join(app, file), '');
    }
    const dev = routeMatcher(appDirRoutes(app));
    expect(dev('/')).toBe('/');
    expect(dev('/login')).toBe('/login');
    expect(dev('/projects?page=2')).toBe('/projects');
    expect(dev('/projects/p1')).toBe('/projects/[name]');
    expect(dev('/projects/p1/members/')).toBe('/projects/[name]/members');
    expect(dev('/repositories/p1/app')).toBe('/repositories/[...name]');
    expect(dev('/api/v1/openapi.json')).toBe('/api/v1/openapi.json');
    expect(dev('/api/v1/openapiXjson')).toBe(UNMATCHED_ROUTE);
    expect(dev('/api/v1/repositories/p1/app/tags')).toBe('/api/v1/repositories/[...path]');
    expect(dev('/docs')).toBe('/docs/[[...slug]]');
    expect(dev('/docs/a/b')).toBe('/docs/[[...slug]]');
    expect(dev('/photo')).toBe(UNMATCHED_ROUTE);
    expect(dev('/_private')).toBe(UNMATCHED_ROUTE);
  });
});
