// The benchmark's baseline: a bare Node + jose token server that grants whatever is asked
// (no database, no permission checks). Started as its own process by token-bench.ts:
//   baseline-token-server.ts <data dir> [rsa|ec]   (the key type Wharf is measured with)
import { createServer } from 'node:http';
import path from 'node:path';
import { loadOrCreateSigningKey } from '../../lib/tokens/keys';
import { signRegistryToken } from '../../lib/tokens/jwt';
import { parseScopes } from '../../lib/tokens/scope';
import type { TokenKeyType } from '../../lib/tokens/key-type';

async function main() {
  const dataDir = process.argv[2]!;
  const keyType = (process.argv[3] ?? 'rsa') as TokenKeyType;
  const key = await loadOrCreateSigningKey({ dataDir, keyType });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scopes = parseScopes(url.searchParams.getAll('scope'));
    const signed = await signRegistryToken({
      key,
      subject: 'bench',
      audience: 'wharf-registry',
      issuer: 'wharf',
      lifetimeSeconds: 900,
      access: scopes,
    });
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        token: signed.token,
        access_token: signed.token,
        expires_in: signed.expiresIn,
        issued_at: signed.issuedAt,
      }),
    );
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(
      `${JSON.stringify({ port, cert: path.join(dataDir, 'token', 'signing-cert.pem') })}\n`,
    );
  });
}
void main();
