// next-auth 4 configuration: sign-in through the credential module (local and LDAP users with
// the form, OIDC users through their provider), a JWT cookie that names a server-side session
// (lib/auth/sessions.ts). Sign-out ends that session on the server, so a copied cookie stops
// working. Sign-in errors land on /login?error=<code> (app/(auth)/login explains them).
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { headers as requestHeaders } from 'next/headers';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { signInSchema } from '@/lib/users/schemas';
import { authenticateOidc, authenticateUser } from '@/lib/auth/credentials';
import type { UserActor } from '@/lib/auth/actor';
import { OIDC_PROVIDER_ID } from '@/lib/oidc';
import { oidcProvider, oidcSignInError } from '@/lib/oidc/provider';
import { readClaims } from '@/lib/oidc/claims';
import { createSession, endSession } from '@/lib/auth/sessions';
import { recordAudit } from '@/lib/audit/record';
import { clientIp } from '@/lib/http';
import { log } from '@/lib/log';
import { safeRedirectPath } from '@/lib/auth/safe-redirect';

export const SIGN_IN_UNAVAILABLE = 'Sign-in is unavailable right now: the database cannot be reached.';

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The server-side session of a user who just signed in (form or OIDC), and its audit row. */
async function startSession(actor: UserActor, ip: string, userAgent: string | undefined, via: 'ui' | 'oidc') {
  const { user } = actor;
  const sid = await createSession({ user, method: actor.credential?.method ?? 'password', ip, userAgent });
  await recordAudit({
    actor: user,
    action: 'user.login',
    targetType: 'user',
    target: user.username,
    sourceIp: ip,
    detail: { via },
  });
  return { id: String(user.id), name: user.username, email: user.email, sid };
}

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  const oidc = oidcProvider();
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Wharf',
        credentials: {
          username: { label: 'Username', type: 'text' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error('Enter a username and a password.');
          const ip = clientIp(new Headers(req?.headers as Record<string, string> | undefined));
          try {
            const actor = await authenticateUser({ ...parsed.data, ip, audience: 'ui' });
            return await startSession(actor, ip, headerValue(req?.headers, 'user-agent'), 'ui');
          } catch (err) {
            if (err instanceof AppError) throw new Error(err.message);
            log.error('sign-in error', { err });
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // An OIDC sign-in whose tokens checked out: the Wharf user and session, or back to the
      // sign-in page with the reason (a name clash, a missing claim, a disabled account).
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const claims = readClaims((profile ?? {}) as Record<string, unknown>, {
          usernameClaim: env.OIDC_USERNAME_CLAIM,
          groupsClaim: env.OIDC_GROUPS_CLAIM,
        });
        if ('error' in claims) {
          log.warn('OIDC sign-in refused', { reason: claims.error });
          return oidcSignInError('OidcClaims');
        }
        const h = await requestHeaders();
        const ip = clientIp(h);
        try {
          const actor = await authenticateOidc(claims);
          Object.assign(user, await startSession(actor, ip, h.get('user-agent') ?? undefined, 'oidc'));
          return true;
        } catch (err) {
          if (err instanceof AppError) {
            log.info('OIDC sign-in refused', { username: claims.username, ip, reason: err.message });
            return oidcSignInError(err.code === 'conflict' ? 'OidcNameTaken' : 'OidcRefused');
          }
          log.error('OIDC sign-in error', { err });
          return oidcSignInError('OidcRefused');
        }
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      async session({ session, token }) {
        // Never the session id: this object is what the browser gets from /api/auth/session.
        return { ...session, uid: token.uid };
      },
      // Sign-in and sign-out only ever lead to a path on Wharf's own origin.
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeRedirectPath(url, { origin: baseUrl })}`;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await endSession(token.sid);
      },
    },
  };
}
