import { apiRoute } from '@/lib/api';
import { updateSettingsSchema } from '@/lib/settings';
import { changeSettings, readSettings } from '@/lib/system/settings';

// GET /api/v1/settings – runtime settings (admins)
export const GET = apiRoute({}, async ({ actor }) => readSettings(actor));

// PATCH /api/v1/settings – change runtime settings, e.g. {projectCreation: "everyone"} (admins)
// PUT /api/v1/settings – the same: the keys given change, e.g. {defaultQuotaBytes: 4294967296}
export const PATCH = apiRoute({}, async ({ actor, ip, body }) =>
  changeSettings({ actor, ip }, updateSettingsSchema.parse(await body())),
);

export const PUT = PATCH;
