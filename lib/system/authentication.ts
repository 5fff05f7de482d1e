// Administration → Authentication through the API (system administrators): the LDAP and
// OpenID Connect settings, read-only and without secrets, and their tests.
import 'server-only';
import { requireAdminActor, type Actor } from '@/lib/auth/actor';
import { ldapSettingsView, testLdap } from '@/lib/ldap/diagnostics';
import { oidcSettingsView, testOidcDiscovery } from '@/lib/oidc/diagnostics';

export function ldapSettingsFor(actor: Actor) {
  requireAdminActor(actor);
  return ldapSettingsView();
}

/** Test the connection, or (with a username) what Wharf would see of that user. */
export function testLdapFor(actor: Actor, username: string | undefined) {
  requireAdminActor(actor);
  return testLdap(username);
}

export function oidcSettingsFor(actor: Actor) {
  requireAdminActor(actor);
  return oidcSettingsView();
}

export function testOidcFor(actor: Actor) {
  requireAdminActor(actor);
  return testOidcDiscovery();
}
