// User input and output shapes.
import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@/lib/auth/password';

/** Usernames: 1–64 chars of letters, digits, `.`, `_`, `-`; case-insensitive (stored lower-case). */
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'username is required')
  .max(64, 'username is at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'username may use letters, digits, ".", "_" and "-" and must start with a letter or digit',
  )
  .transform((v) => v.toLowerCase());

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `password is at most ${PASSWORD_MAX_LENGTH} characters`);

export const signInSchema = z.object({
  username: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
