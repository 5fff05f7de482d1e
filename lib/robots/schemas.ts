import { z } from 'zod';
import { cidrListSchema } from '@/lib/net/cidr';
import {
  cidrStringsSchema,
  idParamSchema,
  itemsSchema,
  multilineTextSchema,
  textSchema,
  timestampSchema,
} from '@/lib/schemas';

export const ROBOT_ACTIONS = ['pull', 'push', 'delete'] as const;
export type RobotAction = (typeof ROBOT_ACTIONS)[number];

/**
 * Full robot names. Project names and short robot names use only a–z, 0–9 and "-", so the "."
 * before the short name cannot be part of either: `robot-<project>.<name>` names exactly one
 * project and robot (`robot-ab.c-ci` and `robot-ab-c.ci` differ), and a system robot
 * (`robot-<name>`) has no ".". Shell-safe (no `$`) and within the sign-in alphabet
 * `[a-z0-9._-]` (at most 7 + 64 + 1 + 32 characters). Robots created before this scheme keep
 * their `robot-<project>-<name>` names.
 */
export const projectRobotName = (project: string, name: string) => `robot-${project}.${name}`;
export const systemRobotName = (name: string) => `robot-${name}`;

/** The short name users give; the full name adds `robot-<project>.` (see projectRobotName). */
export const robotNameSchema = textSchema.regex(
  /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/,
  'robot name may use a–z, 0–9 and "-" (at most 32), starting and ending with a letter or digit',
);

const actionsSchema = z
  .array(z.enum(ROBOT_ACTIONS, { message: 'actions are pull, push and delete' }))
  .min(1, 'give at least one action')
  .transform((a) => [...new Set(a)]);

const descriptionSchema = multilineTextSchema.max(512, 'description is at most 512 characters');

/** `expiresInDays: null` means never (only where the system settings allow it). */
const expirySchema = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .nullable()
  .default(30)
  .meta({ description: 'null = never (only where the settings allow it)' });

export const createProjectRobotSchema = z
  .object({
    name: robotNameSchema,
    actions: actionsSchema,
    expiresInDays: expirySchema,
    description: descriptionSchema.default(''),
    /** Networks (CIDR) the robot's credential works from; [] = anywhere. */
    allowedCidrs: cidrListSchema
      .default([])
      .meta({ description: 'the secret works only from these networks (CIDR); [] = anywhere' }),
  })
  .strict();
export type CreateProjectRobotInput = z.infer<typeof createProjectRobotSchema>;

export const createSystemRobotSchema = z
  .object({
    name: robotNameSchema,
    permissions: z
      .array(z.object({ project: textSchema.min(1).max(64), actions: actionsSchema }).strict())
      .min(1)
      .max(100),
    expiresInDays: expirySchema,
    description: descriptionSchema.default(''),
    allowedCidrs: cidrListSchema.default([]),
  })
  .strict();
export type CreateSystemRobotInput = z.infer<typeof createSystemRobotSchema>;

export const updateRobotSchema = z
  .object({
    disabled: z.boolean().optional(),
    description: descriptionSchema.optional(),
    allowedCidrs: cidrListSchema.optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change');
export type UpdateRobotInput = z.infer<typeof updateRobotSchema>;

export const createTokenSchema = z
  .object({
    name: textSchema.trim().min(1).max(64),
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(90),
    readOnly: z.boolean().default(false),
  })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const idSchema = idParamSchema;

// Responses.

export const robotSchema = z.object({
  id: z.number().int(),
  /** The full name robots sign in with (`robot-<project>.<name>`, `robot-<name>`). */
  name: z.string(),
  description: z.string(),
  level: z.string().meta({ description: 'project or system' }),
  project: z.string().nullable(),
  permissions: z.array(z.object({ project: z.string(), actions: z.array(z.string()) })),
  secretPrefix: z.string(),
  expiresAt: timestampSchema.nullable(),
  disabled: z.boolean(),
  lastUsedAt: timestampSchema.nullable(),
  allowedCidrs: cidrStringsSchema,
  createdBy: z.string().nullable(),
  createdAt: timestampSchema,
});

export const robotListSchema = itemsSchema(robotSchema);

/** A created or rotated robot: the only answer with its secret. */
export const robotWithSecretSchema = robotSchema.extend({
  secret: z.string().meta({ description: 'shown once' }),
});

export const personalTokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  readOnly: z.boolean(),
  expiresAt: timestampSchema.nullable(),
  lastUsedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  revoked: z.boolean(),
});

export const personalTokenListSchema = itemsSchema(personalTokenSchema);

export const createdPersonalTokenSchema = personalTokenSchema.extend({
  token: z.string().meta({ description: 'shown once' }),
});
