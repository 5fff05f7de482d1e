// Runtime settings changed from Administration (stored in the Setting table).
import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { cached } from '@/lib/cluster/epoch-cache';
import { parseCidr } from '@/lib/webhooks/targets';

export const settingsSchema = z.object({
  /** Who may create projects: only system admins, or every signed-in user. */
  projectCreation: z.enum(['adminOnly', 'everyone']).default('adminOnly'),
  /** Skip the registry's pull notifications (no "last pulled" times, fewer writes). */
  ignorePullEvents: z.boolean().default(false),
  /** Longest lifetime a robot may get, in days. */
  robotMaxExpiryDays: z.number().int().min(1).max(3650).default(365),
  /** Whether robots may be created without an expiry. */
  robotNeverExpireAllowed: z.boolean().default(false),
  /**
   * Networks (CIDR) webhooks may target. Empty: any public address. Loopback and link-local
   * addresses need WEBHOOK_ALLOW_PRIVATE=true whatever this says (lib/webhooks/targets.ts).
   */
  webhookAllowedNetworks: z
    .array(
      z
        .string()
        .max(50)
        .refine((v) => parseCidr(v) !== null, 'must be a network such as 10.0.0.0/8 or an IP address'),
    )
    .max(100)
    .default([]),
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
      db.setting.upsert({
        where: { key },
        create: { key, value: value as string },
        update: { value: value as string },
      }),
    ),
  );
  return getSettings();
}
