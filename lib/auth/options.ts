// next-auth 4 configuration: sign-in through the credential module (local and LDAP users),
// a JWT cookie that names a server-side session (lib/auth/sessions.ts). Sign-out ends that
// session on the server, so a copied cookie stops working.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { signInSchema } from '@/lib/users/schemas';
import { authenticateUser } from '@/lib/auth/credentials';
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

export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE },
    pages: { signIn: '/login' },
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
            const { user } = actor;
            const sid = await createSession({
              user,
              method: actor.credential?.method ?? 'password',
              ip,
              userAgent: headerValue(req?.headers, 'user-agent'),
            });
            await recordAudit({
              actor: user,
              action: 'user.login',
              targetType: 'user',
              target: user.username,
              sourceIp: ip,
              detail: { via: 'ui' },
            });
            return { id: String(user.id), name: user.username, email: user.email, sid };
          } catch (err) {
            if (err instanceof AppError) throw new Error(err.message);
            log.error('sign-in error', { err });
            throw new Error(SIGN_IN_UNAVAILABLE);
          }
        },
      }),
    ],
    callbacks: {
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
