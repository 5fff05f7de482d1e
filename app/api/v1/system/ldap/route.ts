import { apiRoute } from '@/lib/api';
import { requireAdminActor } from '@/lib/auth/actor';
import { ldapSettingsView, testLdap } from '@/lib/ldap/diagnostics';
import { ldapTestSchema } from '@/lib/ldap/schemas';

// GET /api/v1/system/ldap – the LDAP settings, read-only, without secrets (admins)
export const GET = apiRoute({}, async ({ actor }) => {
  requireAdminActor(actor);
  return ldapSettingsView();
});

// POST /api/v1/system/ldap – test the connection, or a user ({username}): DN, groups, project roles (admins)
export const POST = apiRoute({}, async ({ actor, body }) => {
  requireAdminActor(actor);
  const { username } = ldapTestSchema.parse(await body());
  return testLdap(username);
});
