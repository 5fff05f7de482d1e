// GET /api/health – status of each component; 503 when the database is down (the registry
// being down degrades Wharf but does not make it unhealthy), and 503 while the replica stops.
import { NextResponse } from 'next/server';
import { pingDatabase } from '@/lib/db';
import { lastReconcile } from '@/lib/registry/reconcile';
import { pingRegistry } from '@/lib/registry/service';
import { isDraining } from '@/lib/edge/lifecycle';

export const dynamic = 'force-dynamic';

const component = (r: { ok: boolean; latencyMs: number; error?: string }) => ({
  status: r.ok ? 'up' : 'down',
  latencyMs: r.latencyMs,
  ...(r.error ? { error: r.error } : {}),
});

export async function GET() {
  // Stopping (SIGTERM): not ready, so the load balancer moves on; requests in flight still finish.
  if (isDraining())
    return NextResponse.json(
      { status: 'stopping' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  const [database, registry] = await Promise.all([pingDatabase(), pingRegistry()]);
  const reconcile = lastReconcile();
  return NextResponse.json(
    {
      status: !database.ok ? 'unavailable' : registry.ok ? 'ok' : 'degraded',
      components: {
        database: component(database),
        registry: component(registry),
        ...(reconcile ? { reconcile: { lastRun: reconcile.finishedAt, ...reconcile } } : {}),
      },
    },
    { status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
