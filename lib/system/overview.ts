// Administration (overview): the facts its cards show.
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';

export async function getSystemOverview() {
  const [users, admins] = await Promise.all([db.user.count(), db.user.count({ where: { isAdmin: true } })]);
  return {
    users,
    admins,
    databaseMode: process.env.WHARF_EMBEDDED_DB === '1' ? 'Embedded PostgreSQL' : 'External PostgreSQL',
    url: getEnv().WHARF_URL,
  };
}
