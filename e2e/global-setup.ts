// Starts one Wharf for the suite; its URL reaches the tests through WHARF_E2E_URL.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, startWharf } from './fixtures/wharf-server';

export default async function globalSetup() {
  const wharf = await startWharf({ name: 'suite' });
  process.env.WHARF_E2E_URL = wharf.url;
  writeFileSync(path.join(ROOT, 'e2e', '.tmp', 'suite-url'), wharf.url);
  return async () => {
    const code = await wharf.stop();
    if (code !== 0) console.error(`Wharf exited with ${code}\n${wharf.output().slice(-3000)}`);
  };
}
