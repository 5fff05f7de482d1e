// Runtime settings changed from Administration (stored in the Setting table).
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { cached } from '@/lib/cluster/epoch-cache';
import { cidrListSchema } from '@/lib/net/cidr';
import { quotaBytesSchema } from '@/lib/policies/schemas';

export const settingsSchema = z.object({
  /** Who may create projects: only system admins, or every signed-in user. */
  projectCreation: z.enum(['adminOnly', 'everyone']).default('adminOnly'),
  /** Skip the registry's pull notifications (no "last pulled" times, fewer writes). */
  ignorePullEvents: z.boolean().default(false),
  /** Longest lifetime a robot may get, in days. */
  robotMaxExpiryDays: z.number().int().min(1).max(3650).default(365),
  /** Whether robots may be created without an expiry. */
  robotNeverExpireAllowed: z.boolean().default(false),
  /** Network rules a new project gets when its creator gives none (lib/permissions.ts). */
  defaultAnonymousPullCidrs: cidrListSchema.default([]),
  defaultPushCidrs: cidrListSchema.default([]),
  /** Storage quota in bytes new projects start with; null: unlimited. */
  defaultQuotaBytes: quotaBytesSchema.default(null),
  /**
   * Networks (CIDR) webhooks may target. Empty: any public address. Loopback and link-local
   * addresses need WEBHOOK_ALLOW_PRIVATE=true whatever this says (lib/webhooks/targets.ts).
   */
  webhookAllowedNetworks: cidrListSchema.default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

export const updateSettingsSchema = settingsSchema.partial().strict();

/** The settings, through the epoch cache: a change on any replica empties it on all of them. */
export function getSettings(): Promise<Settings> {
  return cached('settings', 'all', async () => {
    const rows = await db.setting.findMany();
    return settingsSchema.parse(Object.fromEntries(rows.map((r) => [r.key, r.value])));
  });
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  await db.$transaction(
    Object.entries(patch).map(([key, value]) =>
      // null is each nullable setting's default: stored as no row.
      value === null
        ? db.setting.deleteMany({ where: { key } })
        : db.setting.upsert({
            where: { key },
            create: { key, value: value as string },
            update: { value: value as string },
          }),
    ),
  );
  return getSettings();
}
