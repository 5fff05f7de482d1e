// The process's lifecycle as Wharf's server and the app both see it (one typed slot, no
// Next.js imports): a replica that received SIGTERM is draining — /api/health answers 503 so
// load balancers stop sending it traffic, while requests in flight finish.
const SLOT = Symbol.for('wharf.lifecycle');
type Lifecycle = { draining: boolean };

function lifecycle(): Lifecycle {
  const g = globalThis as unknown as Record<symbol, Lifecycle | undefined>;
  return (g[SLOT] ??= { draining: false });
}

export function startDraining(): void {
  lifecycle().draining = true;
}

export function isDraining(): boolean {
  return lifecycle().draining;
}
