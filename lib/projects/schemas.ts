// Project input rules: the name is the first path segment of repository names, so it
// follows the registry's reference grammar and a DNS-like shape.
import { z } from 'zod';
import { cidrListSchema } from '@/lib/net/cidr';
import { PROJECT_ROLES } from '@/lib/permissions';
import {
  cidrStringsSchema,
  multilineTextSchema,
  nameParamSchema,
  pageSchema,
  textSchema,
  timestampSchema,
} from '@/lib/schemas';
import { quotaBytesSchema } from '@/lib/policies/schemas';

/** Names Wharf routes or the registry protocol already use. */
export const RESERVED_PROJECT_NAMES = new Set([
  'api',
  'v2',
  'admin',
  'login',
  'logout',
  'account',
  'projects',
  'token',
  'health',
  'metrics',
  'static',
  'public',
  'system',
  'wharf',
  'registry',
  'robot',
  'robots',
  'search',
  'users',
  'catalog',
]);

export const projectNameSchema = textSchema
  .max(64, 'project name is at most 64 characters')
  .superRefine((name, ctx) => {
    const problem =
      name.length < 2
        ? 'project name must be at least 2 characters'
        : name !== name.toLowerCase()
          ? 'project name must be lowercase'
          : !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)
            ? 'project name may use a–z, 0–9 and "-", and must start and end with a letter or digit'
            : RESERVED_PROJECT_NAMES.has(name)
              ? `"${name}" is reserved; choose another project name`
              : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const descriptionSchema = multilineTextSchema.trim().max(1024, 'description is at most 1024 characters');

export const createProjectSchema = z.object({
  name: projectNameSchema,
  public: z.boolean().default(false),
  description: descriptionSchema.default(''),
  /**
   * Take over the images an earlier project of this name left in the registry (system
   * administrators only); without it, such a name is refused.
   */
  adopt: z.boolean().default(false).meta({
    description: 'take over the images an earlier project of this name left in the registry (admins)',
  }),
  /** Network rules; when left out, the system defaults for new projects (Administration). */
  anonymousPullCidrs: cidrListSchema
    .optional()
    .meta({ description: 'left out: the settings defaultAnonymousPullCidrs' }),
  pushCidrs: cidrListSchema.optional().meta({ description: 'left out: the settings defaultPushCidrs' }),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .object({
    public: z.boolean().optional(),
    description: descriptionSchema.optional(),
    /** Networks (CIDR) whose clients may pull without credentials, even when private. */
    anonymousPullCidrs: cidrListSchema
      .optional()
      .meta({ description: 'clients there may pull without credentials' }),
    /** The only networks (CIDR) push and delete may come from; [] = anywhere. */
    pushCidrs: cidrListSchema
      .optional()
      .meta({ description: 'push and delete only from these networks; [] = anywhere' }),
    /** Storage quota in bytes, null for unlimited (system administrators only). */
    quotaBytes: quotaBytesSchema
      .optional()
      .meta({ description: 'storage quota in bytes, null = unlimited (system administrators only)' }),
  })
  .strict()
  .refine(
    (v) => Object.values(v).some((x) => x !== undefined),
    'nothing to change: give public, description, anonymousPullCidrs, pushCidrs or quotaBytes',
  );
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

/** `{name}` in /api/v1/projects/{name}/…: looked up, never created, so only made safe here. */
export const projectParamsSchema = z.object({ name: nameParamSchema });

export const deleteProjectQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

// Responses.

const projectRoleSchema = z
  .enum(PROJECT_ROLES)
  .nullable()
  .meta({ description: "the caller's role in the project; null: none" });

const usageFields = {
  quotaBytes: z.number().int().nullable().meta({ description: 'storage quota in bytes; null: unlimited' }),
  usedBytes: z.number().int(),
  quotaReached: z.boolean(),
};

export const projectSummarySchema = z.object({
  name: z.string(),
  public: z.boolean(),
  description: z.string(),
  role: projectRoleSchema,
  repositoryCount: z.number().int(),
  memberCount: z.number().int(),
  createdAt: timestampSchema,
  ...usageFields,
});

export const projectPageSchema = pageSchema(projectSummarySchema);

export const projectSchema = projectSummarySchema.extend({
  anonymousPullCidrs: cidrStringsSchema,
  pushCidrs: cidrStringsSchema,
  updatedAt: timestampSchema,
  permissions: z
    .record(z.string(), z.boolean())
    .meta({ description: 'what the caller may do here, by action (push, delete, members.write, …)' }),
});

export const createdProjectSchema = projectSchema.extend({
  adopted: z
    .array(z.string())
    .optional()
    .meta({ description: 'repositories taken over from an earlier project of this name (adopt: true)' }),
});

export const deletedProjectSchema = z.object({
  deleted: z.string(),
  repositories: z.number().int(),
  manifestsDeleted: z.number().int(),
  note: z.string().optional(),
});

/** GET /api/v1/search. */
export const searchResultSchema = z.object({
  projects: z.array(z.object({ name: z.string(), public: z.boolean() })),
  repositories: z.array(z.object({ name: z.string(), lastPushAt: timestampSchema.nullable() })),
});
