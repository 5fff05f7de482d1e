// Registry 2.8 also finds the signing key by the libtrust `kid` alone (no x5c): proving
// the kid computation against the real registry, not only against our own unit tests.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadOrCreateSigningKey } from '../../lib/tokens/keys';
import { signRegistryToken } from '../../lib/tokens/jwt';
import { registryFetch } from '../fixtures/token';

test('[KID]: a token with only the libtrust kid is accepted; a wrong kid is rejected', async () => {
  const dataDir = process.env.WHARF_E2E_DATA_DIR!;
  const key = await loadOrCreateSigningKey({
    dataDir,
    keyFile: path.join(dataDir, 'token', 'signing-key.pem'),
    certFile: path.join(dataDir, 'token', 'signing-cert.pem'),
  });
  const base = {
    subject: 'kid-test',
    audience: 'wharf-registry',
    issuer: 'wharf',
    lifetimeSeconds: 120,
    access: [],
    withX5c: false,
  };
  const good = await signRegistryToken({ ...base, key });
  expect((await registryFetch('/v2/', good.token)).status).toBe(200);
  const bad = await signRegistryToken({
    ...base,
    key: { ...key, kid: 'AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA:AAAA' },
  });
  const res = await registryFetch('/v2/', bad.token);
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toContain('invalid_token');
});
