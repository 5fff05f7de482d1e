// The route pattern of a request path (`/api/v1/projects/[name]`), for the access log and the
// request duration histogram: never the path itself (names of private projects) nor its query
// (tokens ride in query strings). Patterns come from the build's route manifest
// (.next/routes-manifest.json), read once at start: a Map lookup for static routes, then the
// dynamic routes' regular expressions in Next's own order (most specific first). `npm run dev`
// has no such manifest (routes are compiled on demand): there they come from the app directory.
// Pure and free of Next.js imports, so Wharf's server (scripts/start.ts) can load it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Next.js's assets (scripts, styles, images): one pattern for all of them. */
export const ASSETS_ROUTE = '/_next/*';
/** A path that is no route of the app (404s, probes). */
export const UNMATCHED_ROUTE = '(unmatched)';

type ManifestRoute = { page: string; regex: string };
export type RouteManifest = { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] };

export type RouteMatcher = (url: string) => string;

/** The pathname of a request target, without query or fragment and without a trailing slash. */
function pathnameOf(url: string): string {
  let end = url.length;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const path = end > 1 && url.charCodeAt(end - 1) === 47 /* / */ ? url.slice(0, end - 1) : url.slice(0, end);
  return path || '/';
}

export function routeMatcher(manifest: RouteManifest): RouteMatcher {
  const statics = new Map((manifest.staticRoutes ?? []).map((r) => [r.page, r.page]));
  const dynamics = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (url) => {
    const path = pathnameOf(url);
    const page = statics.get(path);
    if (page) return page;
    if (path.startsWith('/_next/')) return ASSETS_ROUTE;
    for (const d of dynamics) if (d.regex.test(path)) return d.page;
    return UNMATCHED_ROUTE;
  };
}

/** The matcher of a build's route manifest; without one (no build yet), every path is unmatched. */
export function loadRouteMatcher(manifestFile: string): { match: RouteMatcher; error?: string } {
  try {
    return { match: routeMatcher(JSON.parse(readFileSync(manifestFile, 'utf8')) as RouteManifest) };
  } catch (err) {
    return { match: routeMatcher({}), error: (err as Error).message };
  }
}

/** 0 static, 1 `[x]`, 2 `[...x]`, 3 `[[...x]]`: Next's order among routes that match one path. */
const rank = (segment: string) =>
  segment.startsWith('[[...') ? 3 : segment.startsWith('[...') ? 2 : segment.startsWith('[') ? 1 : 0;
const DYNAMIC_SEGMENT = ['', '/([^/]+?)', '/(.+?)', '(?:/(.+?))?'];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The routes of an app directory as the build's manifest lists them (pages and route handlers). */
export function appDirRoutes(appDir: string): RouteManifest {
  const found: string[][] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        // Private folders, parallel slots and intercepting routes add no URL of their own.
        if (/^(?:[_@]|\(\.)/.test(entry.name)) continue;
        const group = /^\(.+\)$/.test(entry.name);
        walk(path.join(dir, entry.name), group ? segments : [...segments, entry.name]);
      } else if (/^(?:page|route)\.[jt]sx?$/.test(entry.name)) found.push(segments);
    }
  };
  walk(appDir, []);
  const routes = found.map((segments) => ({
    segments,
    page: `/${segments.join('/')}`,
    regex: `^${segments.map((s) => DYNAMIC_SEGMENT[rank(s)] || `/${escape(s)}`).join('') || '/'}(?:/)?$`,
  }));
  const specificFirst = (a: string[], b: string[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = rank(a[i]!) - rank(b[i]!);
      if (d) return d;
    }
    return a.length - b.length;
  };
  return {
    staticRoutes: routes.filter((r) => !r.segments.some(rank)),
    dynamicRoutes: routes
      .filter((r) => r.segments.some(rank))
      .sort((a, b) => specificFirst(a.segments, b.segments)),
  };
}
