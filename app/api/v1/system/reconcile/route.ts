import { apiRoute, json } from '@/lib/api';
import { reconcileNow } from '@/lib/registry/reconcile';

// POST /api/v1/system/reconcile – walk the registry now and repair drift (admins); returns the report
export const POST = apiRoute({}, async ({ actor }) => json(await reconcileNow(actor)));
