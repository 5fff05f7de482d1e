// Answers of GET/POST /api/v1/system/ldap (Administration → Authentication).
import { z } from 'zod';
import { textSchema } from '@/lib/schemas';

/** POST: test the connection, or (with username) look a user up. */
export const ldapTestSchema = z.object({ username: textSchema.trim().min(1).max(256).optional() }).strict();

export const ldapSettingsViewSchema = z.object({
  enabled: z.boolean(),
  url: z.string().nullable(),
  bindDn: z.string().nullable(),
  bindPasswordSet: z.boolean().meta({ description: 'the bind password itself is never shown' }),
  baseDn: z.string().nullable(),
  userFilter: z.string(),
  userDnTemplate: z.string().nullable(),
  usernameAttr: z.string(),
  emailAttr: z.string(),
  displayNameAttr: z.string(),
  groupBaseDn: z.string().nullable(),
  groupFilter: z.string(),
  adminGroupDn: z.string().nullable(),
  startTls: z.boolean(),
  caFile: z.string().nullable(),
  tlsVerify: z.boolean(),
  revalidateIntervalSeconds: z.number().int(),
});

export const ldapTestResultSchema = z.object({
  ok: z.boolean(),
  step: z.string().meta({ description: 'connection or user: what was tested' }),
  message: z.string(),
  latencyMs: z.number().optional(),
  user: z
    .object({
      dn: z.string(),
      username: z.string(),
      email: z.string().nullable(),
      displayName: z.string().nullable(),
      groups: z.array(z.string()),
      admin: z.boolean(),
      projectRoles: z.array(
        z.object({ project: z.string(), role: z.string().nullable(), via: z.array(z.string()) }),
      ),
    })
    .optional()
    .meta({ description: 'with {username}: the directory entry and the project roles its groups give' }),
});
