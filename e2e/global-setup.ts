// Starts one Wharf and one registry (Debian's docker-registry 2.8 with token auth against
// that Wharf) for the suite; tests find them through WHARF_E2E_URL and WHARF_E2E_REGISTRY.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startRegistry } from '../scripts/registry/start-registry';
import { freePort, ROOT, startWharf } from './fixtures/wharf-server';

export const NOTIFY_SECRET = 'e2e-notify-secret-0123456789';

export default async function globalSetup() {
  const registryPort = await freePort();
  const wharf = await startWharf({
    name: 'suite',
    env: { REGISTRY_URL: `http://127.0.0.1:${registryPort}`, REGISTRY_NOTIFY_SECRET: NOTIFY_SECRET },
  });
  const registry = await startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
    port: registryPort,
    notifications: { url: `${wharf.url}/api/registry/events`, secret: NOTIFY_SECRET },
  });
  process.env.WHARF_E2E_URL = wharf.url;
  process.env.WHARF_E2E_REGISTRY = registry.host;
  process.env.WHARF_E2E_DATA_DIR = wharf.dataDir;
  process.env.WHARF_E2E_DATABASE_URL = wharf.databaseUrl();
  writeFileSync(path.join(ROOT, 'e2e', '.tmp', 'suite-url'), wharf.url);
  return async () => {
    await registry.stop();
    const code = await wharf.stop();
    if (code !== 0) console.error(`Wharf exited with ${code}\n${wharf.output().slice(-3000)}`);
  };
}
