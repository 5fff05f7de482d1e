// First-start and start-up work inside the server process.
import 'server-only';
import { ensureFirstAdmin } from '@/lib/users/bootstrap';
import { log } from '@/lib/log';

export async function bootstrap(): Promise<void> {
  try {
    await ensureFirstAdmin();
  } catch (err) {
    // Wharf still serves pages (and /api/health says why) when the database is down.
    log.error('start-up bootstrap failed', { err });
  }
}
