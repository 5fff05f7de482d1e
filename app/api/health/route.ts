// GET /api/health – status of each component; 503 when the database is down (the registry
// being down degrades Wharf but does not make it unhealthy), and 503 while the replica stops.
// Embedded children (PostgreSQL, the registry) add what happened to them: their state,
// restarts and last unexpected exit (lib/embedded/status.ts).
import { NextResponse } from 'next/server';
import { pingDatabase } from '@/lib/db';
import { embeddedDownReason, embeddedStatus, type EmbeddedName } from '@/lib/embedded/status';
import { lastReconcile } from '@/lib/registry/reconcile';
import { pingRegistry } from '@/lib/registry/service';
import { isDraining } from '@/lib/edge/lifecycle';

export const dynamic = 'force-dynamic';

const component = (name: EmbeddedName, r: { ok: boolean; latencyMs: number; error?: string }) => {
  const embedded = embeddedStatus(name);
  const error = r.ok ? undefined : (embeddedDownReason(name) ?? r.error);
  return {
    status: r.ok ? 'up' : 'down',
    latencyMs: r.latencyMs,
    ...(error ? { error } : {}),
    ...(embedded
      ? {
          embedded: {
            state: embedded.state,
            pid: embedded.pid,
            restarts: embedded.restarts,
            lastExit: embedded.lastExit,
          },
        }
      : {}),
  };
};

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
        database: component('postgres', database),
        registry: component('registry', registry),
        ...(reconcile ? { reconcile: { lastRun: reconcile.finishedAt, ...reconcile } } : {}),
      },
    },
    { status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
