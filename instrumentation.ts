// Runs once when the Next.js server starts (Node.js runtime): first-start work that needs
// the database (first admin, signing key), and handing the token endpoint's HTTP edge to
// Wharf's own server (scripts/start.ts), which answers /v2/token outside Next's pipeline:
// the hottest path (a push asks for tokens per layer), where Next's per-request work is most
// of the cost.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logDatabaseOutagesAsOneLine } = await import('@/lib/db');
  logDatabaseOutagesAsOneLine();
  const { bootstrap } = await import('@/lib/bootstrap');
  await bootstrap();
  const { registerTokenEdge } = await import('@/lib/tokens/edge-handoff');
  const { handleTokenEdge } = await import('@/lib/tokens/http-edge');
  registerTokenEdge(handleTokenEdge);
}
