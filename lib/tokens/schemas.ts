// Response shapes of a user's docker logins (GET /api/v1/users/{username}/docker-logins).
import { z } from 'zod';
import { itemsSchema, timestampSchema } from '@/lib/schemas';

/** A docker login: a refresh token the registry client holds. */
export const dockerLoginSchema = z.object({
  id: z.number().int(),
  prefix: z.string(),
  method: z.enum(['ldap', 'oidc', 'password', 'token']).meta({ description: 'how the login was made' }),
  tokenName: z.string().nullable().meta({ description: 'the personal access token used (method token)' }),
  readOnly: z.boolean(),
  clientId: z.string().nullable(),
  userAgent: z.string().nullable(),
  sourceIp: z.string().nullable(),
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema.nullable(),
  expiresAt: timestampSchema,
});

export const dockerLoginListSchema = itemsSchema(dockerLoginSchema);
