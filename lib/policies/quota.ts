// Storage quotas: who may set them (system administrators) and the default for new projects.
// The rule itself (no push at or over the quota) is in the permission table (lib/permissions.ts).
import 'server-only';
import { forbidden } from '@/lib/errors';
import { isAdmin, type Actor } from '@/lib/auth/actor';
import { isOverQuota } from '@/lib/permissions';
import { getSettings } from '@/lib/settings';

export const QUOTA_DENIED = 'Only system administrators can set storage quotas.';

/** The Prisma data for a quota change (`undefined`: unchanged), refused for non-administrators. */
export function quotaChange(actor: Actor, quotaBytes: number | null | undefined) {
  if (quotaBytes === undefined) return {};
  if (!isAdmin(actor)) throw forbidden(QUOTA_DENIED);
  return { quotaBytes: quotaBytes === null ? null : BigInt(quotaBytes) };
}

/** The quota a new project starts with (the `defaultQuotaBytes` setting). */
export async function newProjectQuota() {
  const { defaultQuotaBytes } = await getSettings();
  return { quotaBytes: defaultQuotaBytes === null ? null : BigInt(defaultQuotaBytes) };
}

/** What the project JSON says about storage. */
export function storageFields(project: { quotaBytes: number | null; usedBytes: number }) {
  return {
    quotaBytes: project.quotaBytes,
    usedBytes: project.usedBytes,
    quotaReached: isOverQuota(project),
  };
}
