// next-auth 4 configuration: local users through the Credentials provider (LDAP joins the
// same provider through the credential chain), sessions in a JWT cookie.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';
import { signInSchema } from '@/lib/users/schemas';
import { verifyUserPassword } from '@/lib/auth/credentials';
import { recordAudit } from '@/lib/audit/record';
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
          const ip = headerValue(req?.headers, 'x-wharf-client-ip') ?? 'unknown';
          try {
            const user = await verifyUserPassword({ ...parsed.data, ip, audience: 'ui' });
            await recordAudit({
              actor: user,
              action: 'user.login',
              targetType: 'user',
              target: user.username,
              sourceIp: ip,
              detail: { via: 'ui' },
            });
            return { id: String(user.id), name: user.username, email: user.email };
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
          token.authAt = Date.now();
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, authAt: token.authAt };
      },
      // Sign-in and sign-out only ever lead to a path on Wharf's own origin.
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeRedirectPath(url, { origin: baseUrl })}`;
      },
    },
  };
}
