// Verifies a username and password (local users for now; LDAP, robots and tokens join the
// chain in their issues), with the shared sign-in throttle. Failures never say whether the
// user exists.
import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/lib/db';
import { checkAll, loginThrottles } from '@/lib/auth/throttle';
import { verifyPassword } from '@/lib/auth/password';
import { getUserForSignIn, type PublicUser } from '@/lib/users/queries';
import { log } from '@/lib/log';

export const INVALID_CREDENTIALS = 'Invalid username or password';

export type VerifyOptions = { username: string; password: string; ip: string };

/** Returns the user, or throws AppError unauthorized / too_many_requests. */
export async function verifyUserPassword({ username, password, ip }: VerifyOptions): Promise<PublicUser> {
  const name = username.trim().toLowerCase();
  const { byUser, byIp } = loginThrottles();
  const verdict = checkAll([
    [byUser, name],
    [byIp, ip],
  ]);
  if (!verdict.allowed) {
    log.info('sign-in throttled', { username: name, ip });
    throw new AppError(
      'too_many_requests',
      `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} s.`,
      {
        retryAfterSeconds: verdict.retryAfterSeconds,
      },
    );
  }
  const user = await getUserForSignIn(name);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabledAt) {
    byUser.fail(name);
    byIp.fail(ip);
    log.info('sign-in failed', {
      username: name,
      ip,
      reason: !user ? 'unknown user' : !ok ? 'wrong password' : 'disabled',
    });
    throw new AppError('unauthorized', INVALID_CREDENTIALS);
  }
  byUser.succeed(name);
  const { passwordHash: _omit, ...rest } = user;
  void _omit;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return rest;
}
