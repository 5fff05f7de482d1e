import { apiRoute, json } from '@/lib/api';
import { requireAdminActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { runReconcile } from '@/lib/registry/reconcile';

// POST /api/v1/system/reconcile – walk the registry now and repair drift (admins); returns the report
export const POST = apiRoute({}, async ({ actor }) => {
  requireAdminActor(actor);
  const report = await runReconcile();
  if (!report) throw new AppError('conflict', 'a reconcile is already running; try again shortly');
  if (report.error) throw new AppError('unavailable', `reconcile failed: ${report.error}`);
  return json(report);
});
