import { apiRoute } from '@/lib/api';
import { getSettings, updateSettings, updateSettingsSchema } from '@/lib/settings';
import { requireAdminActor } from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';

// GET /api/v1/settings – runtime settings (admins)
export const GET = apiRoute({}, async ({ actor }) => {
  requireAdminActor(actor);
  return getSettings();
});

// PATCH /api/v1/settings – change runtime settings, e.g. {projectCreation: "everyone"} (admins)
// PUT /api/v1/settings – the same: the keys given change, e.g. {defaultQuotaBytes: 4294967296}
export const PATCH = apiRoute({}, async ({ actor, ip, body }) => {
  const admin = requireAdminActor(actor);
  const patch = updateSettingsSchema.parse(await body());
  const settings = await updateSettings(patch);
  await recordAudit({
    actor: admin,
    action: 'settings.update',
    targetType: 'settings',
    target: 'system',
    sourceIp: ip,
    detail: patch,
  });
  return settings;
});

export const PUT = PATCH;
