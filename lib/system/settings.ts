// Administration → Settings: the runtime settings (lib/settings, the store) as system
// administrators read and change them; every change is audited.
import 'server-only';
import { recordAudit } from '@/lib/audit/record';
import { requireAdminActor, type Actor } from '@/lib/auth/actor';
import { getSettings, updateSettings, type Settings } from '@/lib/settings';

export function readSettings(actor: Actor): Promise<Settings> {
  requireAdminActor(actor);
  return getSettings();
}

/** Changes the keys given (admins); answers the settings as they are now. */
export async function changeSettings(
  { actor, ip }: { actor: Actor; ip: string },
  patch: Partial<Settings>,
): Promise<Settings> {
  const admin = requireAdminActor(actor);
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
}
