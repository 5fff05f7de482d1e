// The answer of GET/PATCH/PUT /api/v1/settings: every setting, defaults filled in. The request
// schemas are settingsSchema and updateSettingsSchema (lib/settings/index.ts); this one has the
// same keys and types (lib/openapi checks both), with CIDR lists as the normalized strings they
// are stored as. No server-only import: the e2e API spec parses real answers with it.
import { z } from 'zod';
import { cidrStringsSchema } from '@/lib/schemas';

export const settingsResponseSchema = z.object({
  projectCreation: z.enum(['adminOnly', 'everyone']),
  ignorePullEvents: z.boolean(),
  robotMaxExpiryDays: z.number().int(),
  robotNeverExpireAllowed: z.boolean(),
  defaultAnonymousPullCidrs: cidrStringsSchema,
  defaultPushCidrs: cidrStringsSchema,
  defaultQuotaBytes: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'storage quota of new projects in bytes; null: unlimited' }),
  webhookAllowedNetworks: cidrStringsSchema.meta({
    description: 'CIDRs webhooks may target; empty: any public address',
  }),
});
