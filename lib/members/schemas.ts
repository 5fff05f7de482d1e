import { z } from 'zod';
import { PROJECT_ROLES } from '@/lib/permissions';
import { idParamSchema, textSchema } from '@/lib/schemas';

export const roleSchema = z.enum(PROJECT_ROLES, {
  message: `role must be one of ${PROJECT_ROLES.join(', ')}`,
});

export const addMemberSchema = z
  .object({
    username: textSchema.trim().min(1).max(64).optional(),
    group: textSchema.trim().min(3).max(1024).optional(),
    role: roleSchema,
  })
  .strict()
  .refine((v) => (v.username === undefined) !== (v.group === undefined), 'give either username or group');
export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z.object({ role: roleSchema }).strict();

export const memberIdSchema = idParamSchema;
