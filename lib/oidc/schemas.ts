// Answers of GET/POST /api/v1/system/oidc (Administration → Authentication).
import { z } from 'zod';

export const oidcSettingsViewSchema = z.union([
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    OIDC_ISSUER: z.string(),
    OIDC_CLIENT_ID: z.string(),
    OIDC_CLIENT_SECRET: z.string().meta({ description: 'always "(set)": the secret itself is never shown' }),
    OIDC_SCOPES: z.string(),
    OIDC_USERNAME_CLAIM: z.string(),
    OIDC_GROUPS_CLAIM: z.string(),
    OIDC_ADMIN_GROUP: z.string().nullable(),
    OIDC_NAME: z.string(),
  }),
]);

export const oidcDiscoveryResultSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  latencyMs: z.number().optional(),
  endpoints: z.record(z.string(), z.string().nullable()).optional(),
  warnings: z.array(z.string()).optional(),
});
