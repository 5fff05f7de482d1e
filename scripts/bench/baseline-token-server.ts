// The benchmark's baseline: a bare Node + jose token server that grants whatever is asked
// (no database, no permission checks), signing with jose's SignJWT as a plain jose server
// would: the same header and claims as Wharf's tokens (lib/tokens/jwt.ts, which signs with
// WebCrypto and a header encoded once per key). Started as its own process by token-bench.ts:
//   baseline-token-server.ts <data dir> [rsa|ec]   (the key type Wharf is measured with)
import { createServer } from 'node:http';
import path from 'node:path';
import { loadOrCreateSigningKey } from '../../lib/tokens/keys';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { parseScopes } from '../../lib/tokens/scope';
import type { TokenKeyType } from '../../lib/tokens/key-type';

async function main() {
  const dataDir = process.argv[2]!;
  const keyType = (process.argv[3] ?? 'rsa') as TokenKeyType;
  const key = await loadOrCreateSigningKey({ dataDir, keyType });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scopes = parseScopes(url.searchParams.getAll('scope'));
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({
      access: scopes.map(({ type, name, actions }) => ({ type, name, actions })),
    })
      .setProtectedHeader({ typ: 'JWT', alg: key.alg, kid: key.kid, x5c: [key.certificateDerBase64] })
      .setIssuer('wharf')
      .setSubject('bench')
      .setAudience('wharf-registry')
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + 900)
      .setJti(randomUUID())
      .sign(key.privateKey);
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        token,
        access_token: token,
        expires_in: 900,
        issued_at: new Date(iat * 1000).toISOString(),
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
