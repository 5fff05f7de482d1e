// The security headers proxy.ts decides per request: the page policy needs a fresh nonce, and
// HSTS depends on WHARF_URL, which is read when Wharf starts, not when it is built
// (next.config.js `headers()` are fixed at build time in .next/routes-manifest.json; the
// fixed ones, X-Frame-Options, X-Content-Type-Options and Referrer-Policy, are there).

export type SecurityHeaderOptions = {
  /** Nonce for the page's scripts (Next.js adds it to its own); pages only. */
  nonce?: string;
  /** Wharf's public URL is https: send HSTS and upgrade sub-resource requests. */
  isHttps: boolean;
  /** Development needs `eval` for React's debugging aids. */
  isDev?: boolean;
};

/** The Content-Security-Policy of HTML pages (with a nonce) or of everything else (no content at all). */
export function contentSecurityPolicy({ nonce, isHttps, isDev = false }: SecurityHeaderOptions): string {
  if (!nonce) return "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
  return [
    "default-src 'self'",
    // 'strict-dynamic': the scripts Next.js loads from its nonce'd bootstrap are trusted too.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    // Inline styles stay allowed: React and Next.js set style attributes, and styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The per-request headers: the CSP, and HSTS when Wharf is served over https. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...(options.isHttps ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
