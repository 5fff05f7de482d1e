import { apiRoute } from '@/lib/api';
import { ldapTestSchema } from '@/lib/ldap/schemas';
import { ldapSettingsFor, testLdapFor } from '@/lib/system/authentication';

// GET /api/v1/system/ldap – the LDAP settings, read-only, without secrets (admins)
export const GET = apiRoute({}, async ({ actor }) => ldapSettingsFor(actor));

// POST /api/v1/system/ldap – test the connection, or a user ({username}): DN, groups, project roles (admins)
export const POST = apiRoute({}, async ({ actor, body }) => {
  const { username } = ldapTestSchema.parse(await body());
  return testLdapFor(actor, username);
});
