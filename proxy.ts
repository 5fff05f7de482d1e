// Runs before every request Next.js serves: the Content-Security-Policy of every response (with
// a per-request nonce for pages) and HSTS when WHARF_URL is https, decided at run time; and
// signed-out visitors of the project list, account and administration pages are sent to /login
// (pages check the session again). A project's and a repository's pages are open: public ones
// are browsable signed out, from the Explore list on the landing page.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { getEnv } from '@/lib/env';
import { newNonce, securityHeaders } from '@/lib/security-headers';

// Your projects, account and administration; a project's own pages are open (public ones).
const SIGNED_IN_PAGE = /^\/(?:(?:admin|account)(?:\/|$)|projects\/?$)/;
const NOT_A_PAGE = /^\/(?:api|v2|metrics)(?:\/|$)/;
// next-auth renders a few HTML pages of its own (sign-out confirmation, errors).
const AUTH_PAGE = /^\/api\/auth\//;

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPage = !NOT_A_PAGE.test(pathname) || AUTH_PAGE.test(pathname);
  const nonce = isPage ? newNonce() : undefined;
  const headers = securityHeaders({
    nonce,
    isHttps: getEnv().WHARF_URL.startsWith('https:'),
    isDev: process.env.NODE_ENV === 'development',
  });

  if (
    SIGNED_IN_PAGE.test(pathname) &&
    !(await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }))
  ) {
    const login = new URL('/login', request.url);
    login.searchParams.set('callbackUrl', pathname + search);
    return withHeaders(NextResponse.redirect(login), headers);
  }
  if (!nonce) return withHeaders(NextResponse.next(), headers);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts;
  // the root layout reads x-nonce for its one inline script.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  requestHeaders.set('x-nonce', nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export const config = {
  // Everything but build assets (immutable files; next.config.js gives them the static headers).
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
