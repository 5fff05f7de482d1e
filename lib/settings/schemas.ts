// The answer of GET/PATCH/PUT /api/v1/settings: every setting, defaults filled in. The request
// schemas are settingsSchema and updateSettingsSchema (lib/settings/index.ts); this one differs
// only where those parse (CIDR lists are normalized strings here).
import { z } from 'zod';
import { settingsSchema } from '@/lib/settings';
import { cidrStringsSchema } from '@/lib/schemas';

const shape = settingsSchema.shape;

export const settingsResponseSchema = z.object({
  projectCreation: shape.projectCreation.unwrap(),
  ignorePullEvents: shape.ignorePullEvents.unwrap(),
  robotMaxExpiryDays: shape.robotMaxExpiryDays.unwrap(),
  robotNeverExpireAllowed: shape.robotNeverExpireAllowed.unwrap(),
  defaultAnonymousPullCidrs: cidrStringsSchema,
  defaultPushCidrs: cidrStringsSchema,
  defaultQuotaBytes: shape.defaultQuotaBytes.unwrap(),
  webhookAllowedNetworks: cidrStringsSchema.meta({
    description: 'CIDRs webhooks may target; empty: any public address',
  }),
});
