// GET /metrics – Prometheus metrics; with METRICS_TOKEN set, only with `Authorization: Bearer <token>`
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/http';
import { renderMetrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function GET(req: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (token) {
    const given = (req.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    if (!timingSafeEqual(digest(given), digest(token)))
      return errorResponse('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
  return new Response(renderMetrics(), {
    headers: { 'Content-Type': 'text/plain; version=0.0.4', 'Cache-Control': 'no-store' },
  });
}
