import { apiRoute } from '@/lib/api';
import { oidcSettingsFor, testOidcFor } from '@/lib/system/authentication';

// GET /api/v1/system/oidc – the OpenID Connect settings, read-only, without the client secret (admins)
export const GET = apiRoute({}, async ({ actor }) => oidcSettingsFor(actor));

// POST /api/v1/system/oidc – test discovery: fetch <issuer>/.well-known/openid-configuration (admins)
export const POST = apiRoute({}, async ({ actor }) => testOidcFor(actor));
