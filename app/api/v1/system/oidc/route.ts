import { apiRoute } from '@/lib/api';
import { requireAdminActor } from '@/lib/auth/actor';
import { oidcSettingsView, testOidcDiscovery } from '@/lib/oidc/diagnostics';

// GET /api/v1/system/oidc – the OpenID Connect settings, read-only, without the client secret (admins)
export const GET = apiRoute({}, async ({ actor }) => {
  requireAdminActor(actor);
  return oidcSettingsView();
});

// POST /api/v1/system/oidc – test discovery: fetch <issuer>/.well-known/openid-configuration (admins)
export const POST = apiRoute({}, async ({ actor }) => {
  requireAdminActor(actor);
  return testOidcDiscovery();
});
