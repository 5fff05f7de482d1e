// GET /metrics – Prometheus metrics; with METRICS_TOKEN set, only with `Authorization: Bearer <token>`
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/http';
import { renderMetrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function GET(req: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (token) {
    const given = (req.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    if (!timingSafeEqual(digest(given), digest(token)))
      return errorResponse('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
  const { text, contentType } = await renderMetrics();
  return new Response(text, { headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
}
