// GET /api/health – component status; 503 when the database is down.
import { NextResponse } from 'next/server';
import { pingDatabase } from '@/lib/db';

export const dynamic = 'force-dynamic';

export async function GET() {
  const database = await pingDatabase();
  const ok = database.ok;
  return NextResponse.json(
    {
      status: ok ? 'ok' : 'unavailable',
      components: {
        database: {
          status: database.ok ? 'up' : 'down',
          latencyMs: database.latencyMs,
          ...(database.error ? { error: database.error } : {}),
        },
      },
    },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
