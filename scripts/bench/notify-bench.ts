// Benchmark of notification ingest (issue: registry integrity, item 8/benchmark). Starts its
// own Wharf (embedded PostgreSQL) and a real registry 2.8 that notifies it, PUTs one manifest
// under N tags (default 5,000) straight to the registry, and prints how long after the
// registry accepted the last PUT Wharf's tags API lists them all. Needs a build.
//   node --import tsx scripts/bench/notify-bench.ts [--tags 5000] [--concurrency 4]
import { createHash } from 'node:crypto';
import path from 'node:path';
import { startRegistry } from '../registry/start-registry';
import { ADMIN_PASSWORD, freePort, startWharf } from '../../e2e/fixtures/wharf-server';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TAGS = arg('tags', 5000);
const CONCURRENCY = arg('concurrency', 4);
const SECRET = 'bench-notify-secret-0123456789';
const BASIC = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function main() {
  const registryPort = await freePort();
  const wharf = await startWharf({
    name: 'notify-bench',
    env: {
      REGISTRY_URL: `http://127.0.0.1:${registryPort}`,
      REGISTRY_NOTIFY_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      // No reconcile during the run: only notifications may fill the tags.
      RECONCILE_INTERVAL: '24h',
    },
  });
  const registry = await startRegistry({
    realm: `${wharf.url}/v2/token`,
    rootCertBundle: path.join(wharf.dataDir, 'token', 'signing-cert.pem'),
    port: registryPort,
    notifications: { url: `${wharf.url}/api/registry/events`, secret: SECRET },
  }).catch(async (err: unknown) => {
    await wharf.stop();
    throw err;
  });
  try {
    const project = 'bench';
    const repo = `${project}/app`;
    const created = await fetch(`${wharf.url}/api/v1/projects`, {
      method: 'POST',
      headers: { Authorization: BASIC, 'Content-Type': 'application/json', Origin: wharf.url },
      body: JSON.stringify({ name: project }),
    });
    if (created.status !== 201) throw new Error(`create project: ${created.status} ${await created.text()}`);
    const tokenUrl = new URL('/v2/token', wharf.url);
    tokenUrl.searchParams.set('service', 'wharf-registry');
    tokenUrl.searchParams.set('scope', `repository:${repo}:pull,push`);
    const { token } = (await (await fetch(tokenUrl, { headers: { Authorization: BASIC } })).json()) as {
      token: string;
    };
    const auth = { Authorization: `Bearer ${token}` };
    const upload = async (content: Buffer) => {
      const digest = sha256(content);
      const start = await fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, {
        method: 'POST',
        headers: auth,
      });
      if (start.status !== 202) throw new Error(`blob upload: ${start.status}`);
      const location = new URL(start.headers.get('location')!, registry.url);
      location.searchParams.set('digest', digest);
      const put = await fetch(location, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/octet-stream' },
        body: new Uint8Array(content),
      });
      if (put.status !== 201) throw new Error(`blob put: ${put.status}`);
      return { digest, size: content.length };
    };
    const config = Buffer.from(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
    );
    const layer = Buffer.from(`bench layer ${Date.now()}`);
    const cfg = await upload(config);
    const lay = await upload(layer);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...cfg },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...lay }],
    });

    const started = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < TAGS; i = next++) {
        const res = await fetch(`${registry.url}/v2/${repo}/manifests/t${String(i).padStart(5, '0')}`, {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
          body: manifest,
        });
        if (res.status !== 201) throw new Error(`manifest put ${i}: ${res.status} ${await res.text()}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const accepted = performance.now();
    console.log(`registry accepted ${TAGS} manifest PUTs in ${((accepted - started) / 1000).toFixed(1)} s`);

    const tagsUrl = `${wharf.url}/api/v1/repositories/${repo}/tags?pageSize=1`;
    let total = 0;
    let lastReport = accepted;
    while (total < TAGS) {
      const res = await fetch(tagsUrl, { headers: { Authorization: BASIC } });
      total = res.ok ? ((await res.json()) as { total: number }).total : 0;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        console.log(`  … ${total} tags in Wharf`);
      }
      if (performance.now() - accepted > 600_000) throw new Error(`only ${total} tags after 10 minutes`);
      if (total < TAGS) await new Promise((r) => setTimeout(r, 100));
    }
    const done = performance.now();
    console.log(
      `notification ingest: all ${TAGS} tags in Wharf's tags API ${((done - accepted) / 1000).toFixed(1)} s after the registry accepted the last PUT (${((done - started) / 1000).toFixed(1)} s after the first)`,
    );
  } finally {
    await registry.stop();
    await wharf.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
