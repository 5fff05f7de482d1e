// First start: create the first admin (`admin`) with WHARF_ADMIN_PASSWORD or a generated
// password that is printed once.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { hashPassword } from '@/lib/auth/password';
import { log } from '@/lib/log';

export async function ensureFirstAdmin(): Promise<void> {
  const existing = await db.user.count();
  if (existing > 0) return;
  const given = getEnv().WHARF_ADMIN_PASSWORD;
  const password = given ?? randomBytes(18).toString('base64url');
  await db.user.create({
    data: {
      username: 'admin',
      displayName: 'Administrator',
      isAdmin: true,
      passwordHash: await hashPassword(password),
    },
  });
  if (given) {
    log.info('created the first admin user "admin" with the password from WHARF_ADMIN_PASSWORD');
  } else {
    // Printed once, on purpose: this is the only way to learn the generated password.
    process.stdout.write(
      `\n  Wharf created the first admin user.\n    username: admin\n    password: ${password}\n  Change it after signing in (Account). It is not shown again.\n\n`,
    );
  }
}
