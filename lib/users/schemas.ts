// User input and output shapes.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy';
import { nameParamSchema, pageSchema, textSchema, timestampSchema } from '@/lib/schemas';

/** Usernames: 1–64 chars of letters, digits, `.`, `_`, `-`; case-insensitive (stored lower-case). */
export const usernameSchema = textSchema
  .trim()
  .min(1, 'username is required')
  .max(64, 'username is at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'username may use letters, digits, ".", "_" and "-" and must start with a letter or digit',
  )
  .transform((v) => v.toLowerCase());

/** Passwords are hashed, never stored or searched as text: any character is allowed. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password is at most ${PASSWORD_MAX_LENGTH} characters`);

export const signInSchema = z.object({
  username: textSchema.trim().min(1).max(256),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});

export const createUserSchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    email: z.email('email is not a valid address').max(254).optional(),
    displayName: textSchema.trim().min(1).max(128).optional(),
    admin: z.boolean().default(false),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    disabled: z.boolean().optional(),
    admin: z.boolean().optional(),
    password: passwordSchema.optional(),
    currentPassword: z
      .string()
      .max(256)
      .optional()
      .meta({ description: 'required when changing your own password' }),
    email: z.email('email is not a valid address').max(254).nullable().optional(),
    displayName: textSchema.trim().min(1).max(128).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== 'currentPassword'), 'nothing to change');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** `{username}` in /api/v1/users/{username}/…: a name to look up, or `me`. */
export const userParamsSchema = z.object({ username: nameParamSchema });

// Responses.

/** A user as the API shows them; the fields after displayName only to admins and the user themself. */
export const userSchema = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable().optional(),
  source: z.enum(['local', 'ldap', 'oidc']).optional(),
  admin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  createdAt: timestampSchema.optional(),
  lastLoginAt: timestampSchema.nullable().optional(),
});

/** A directory (LDAP) user who never signed in, offered by the search; adding them creates them. */
export const directoryUserSchema = z.object({
  username: z.string(),
  displayName: z.string().nullable(),
  source: z.literal('ldap'),
  directoryOnly: z.literal(true),
});

export const userPageSchema = pageSchema(z.union([directoryUserSchema, userSchema]));
