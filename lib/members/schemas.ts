import { z } from 'zod';
import { PROJECT_ROLES } from '@/lib/permissions';
import { projectParamsSchema } from '@/lib/projects/schemas';
import { idParamSchema, itemsSchema, textSchema, timestampSchema } from '@/lib/schemas';

export const roleSchema = z.enum(PROJECT_ROLES, {
  message: `role must be one of ${PROJECT_ROLES.join(', ')}`,
});

export const addMemberSchema = z
  .object({
    username: textSchema.trim().min(1).max(64).optional(),
    /** An LDAP group DN, or (with source "oidc") an OIDC group name. */
    group: textSchema
      .trim()
      .min(1)
      .max(1024)
      .optional()
      .meta({ description: 'an LDAP group DN, or an OIDC group name (with source oidc)' }),
    /** Where the group comes from (default ldap). */
    source: z.enum(['ldap', 'oidc'], { message: 'source must be ldap or oidc' }).optional(),
    role: roleSchema,
  })
  .strict()
  .refine((v) => (v.username === undefined) !== (v.group === undefined), 'give either username or group')
  .refine((v) => v.source === undefined || v.group !== undefined, 'source applies to a group only')
  .refine((v) => v.group === undefined || v.source === 'oidc' || v.group.length >= 3, {
    message: 'an LDAP group is a DN such as cn=developers,ou=groups,dc=example,dc=org',
    path: ['group'],
  });
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z.object({ role: roleSchema }).strict();

export const memberIdSchema = idParamSchema;

/** `{name}` and `{memberId}` in /api/v1/projects/{name}/members/{memberId}. */
export const memberParamsSchema = projectParamsSchema.extend({ memberId: memberIdSchema });

// Responses.

export const memberSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['user', 'group']),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  /** The LDAP group DN or OIDC group name (kind group). */
  group: z.string().nullable(),
  groupName: z.string().nullable(),
  groupSource: z.enum(['ldap', 'oidc']).nullable(),
  role: z.string().meta({ description: PROJECT_ROLES.join(', ') }),
  createdAt: timestampSchema,
});

export const memberListSchema = itemsSchema(memberSchema);

/** GET /api/v1/ldap/groups. */
export const ldapGroupListSchema = itemsSchema(z.object({ dn: z.string(), name: z.string() }));

/** GET /api/v1/oidc/groups. */
export const oidcGroupListSchema = itemsSchema(z.object({ name: z.string() }));
