// Exposes the token service to Wharf's own HTTP server (scripts/start.ts), which answers
// /v2/token without going through the Next.js request pipeline: the token endpoint is the
// hottest path (a push asks for tokens per layer) and Next's per-request work is most of
// its cost. The app/v2/token route stays as the same endpoint under a plain `next start`.
import 'server-only';
import { handleTokenRequest } from '@/lib/tokens/service';

export type TokenFastPath = { handleTokenRequest: typeof handleTokenRequest };

export function registerTokenFastPath(): void {
  (globalThis as unknown as { wharfTokenFastPath?: TokenFastPath }).wharfTokenFastPath = {
    handleTokenRequest,
  };
}
