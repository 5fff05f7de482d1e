// Hands the token endpoint's HTTP edge from the app to Wharf's own HTTP server: the server
// (scripts/start.ts) loads Next.js in-process and answers /v2/token itself, but its modules
// and the app's bundle are separate module instances. The app registers the edge at start
// (instrumentation.ts); the server looks it up per request. One global slot, typed here only.
import type { EdgeRequest, EdgeResponse } from '../edge/types';

export type TokenEdge = (req: EdgeRequest) => Promise<EdgeResponse>;

const SLOT: unique symbol = Symbol.for('wharf.tokenEdge');
type Slot = { [SLOT]?: TokenEdge };

export function registerTokenEdge(handler: TokenEdge): void {
  (globalThis as Slot)[SLOT] = handler;
}

/** The registered edge, or undefined before the app has started (Next.js then serves /v2/token). */
export function tokenEdge(): TokenEdge | undefined {
  return (globalThis as Slot)[SLOT];
}
