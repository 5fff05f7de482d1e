// A throw-away OpenLDAP (Debian's slapd 2.5) for tests: private slapd.conf and mdb data in a
// temp folder, listening on 127.0.0.1 only, run as our own child process (never the packaged
// service) and stopped by PID. Seeded with people and groups of both kinds. Also a CLI:
//   npx tsx e2e/ldap/slapd.ts [--tls] [--port N]   (prints the URL and settings; Ctrl-C stops it)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/testing/free-port';

export const BASE_DN = 'dc=wharf,dc=test';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;
/** The read-only service account Wharf binds as (LDAP_BIND_DN). */
export const SERVICE_DN = `cn=wharf-svc,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'svc-password';
/** The rootdn: only for the harness itself (adding entries while slapd runs). */
export const ADMIN_DN = `cn=admin,${BASE_DN}`;
export const ADMIN_PASSWORD = 'admin-password';

/** Seeded users: uid → password. `paren(test)` and `o*brien` need RFC 4515 escaping in filters. */
export const LDAP_USERS = {
  alice: 'alice-pw',
  bob: 'bob-pw',
  carol: 'carol-pw',
  dave: 'dave-pw',
  erin: 'erin-pw',
  obrien: 'obrien-pw',
  'o*brien': 'ostar-pw',
  'paren(test)': 'paren-pw',
} as const;
export type SeededUid = keyof typeof LDAP_USERS;

export const userDn = (uid: string): string => `uid=${uid},${PEOPLE_DN}`;
export const groupDn = (cn: string): string => `cn=${cn},${GROUPS_DN}`;

/** Seeded groups (Wharf's LDAP_ADMIN_GROUP_DN in tests is `registry-admins`). */
export const LDAP_GROUPS = {
  /** groupOfNames / member */
  developers: ['alice', 'bob', 'paren(test)'],
  /** groupOfNames / member: the admin group */
  'registry-admins': ['carol'],
  /** groupOfUniqueNames / uniqueMember: not seen by memberOf, only by the group search */
  qa: ['dave', 'paren(test)'],
} as const satisfies Record<string, readonly SeededUid[]>;

export type SlapdOptions = {
  /** Seed people and groups (default true); otherwise only the suffix, OUs and the service account. */
  seed?: boolean;
  /** Also serve ldaps:// and StartTLS with a throw-away CA (default false: costs ~100 ms). */
  tls?: boolean;
  /** With `tls`: refuse simple binds without TLS (confidentialityRequired), as many directories do. */
  requireTls?: boolean;
  /** A fixed port (default: a free one). */
  port?: number;
};

export type Slapd = {
  url: string;
  port: number;
  /** With `tls: true`: the ldaps:// URL, and the CA file that signed the server certificate (SAN IP:127.0.0.1 only). */
  ldapsUrl?: string;
  ldapsPort?: number;
  caFile?: string;
  baseDn: string;
  peopleDn: string;
  groupsDn: string;
  bindDn: string;
  bindPassword: string;
  /** The temp folder with config, data and certificates. */
  dir: string;
  /** The PID of the running slapd, undefined while it is not running. */
  readonly pid: number | undefined;
  /** SIGSTOP: the process keeps its socket, so connects succeed and requests hang (a hung directory). */
  pause: () => void;
  /** SIGCONT after pause(). */
  resume: () => void;
  /** SIGKILL, keeping data and port: the directory is down (connection refused) until start(). */
  kill: () => Promise<void>;
  /** Starts slapd again on the same port(s) with the same data, after kill(). */
  start: () => Promise<void>;
  /** kill() then start(). */
  restart: () => Promise<void>;
  /** Stops slapd and removes the temp folder. */
  stop: () => Promise<void>;
  /** Adds or modifies entries with ldapadd as the rootdn (for example a user created after start-up). */
  ldapAdd: (ldif: string) => Promise<void>;
};

/** Wharf's LDAP_* settings for this directory (users under ou=people, groups under ou=groups, admins = registry-admins). */
export function ldapEnv(
  s: Pick<Slapd, 'url' | 'bindDn' | 'bindPassword' | 'peopleDn' | 'groupsDn'>,
): Record<string, string> {
  return {
    LDAP_URL: s.url,
    LDAP_BIND_DN: s.bindDn,
    LDAP_BIND_PASSWORD: s.bindPassword,
    LDAP_BASE_DN: s.peopleDn,
    LDAP_USER_FILTER: '(&(objectClass=inetOrgPerson)(uid={username}))',
    LDAP_GROUP_BASE_DN: s.groupsDn,
    LDAP_ADMIN_GROUP_DN: groupDn('registry-admins'),
  };
}

const person = (uid: string, cn: string, password: string, mail: string | null) => `dn: ${userDn(uid)}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${cn}
sn: ${cn.split(' ').at(-1)}
${mail ? `mail: ${mail}\n` : ''}userPassword: ${password}
`;

/** Loaded offline with slapadd (fast; overlays do not run there, which is fine for these). */
function baseLdif(seed: boolean): string {
  const entries = [
    `dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: wharf\no: Wharf Test\n`,
    `dn: ${PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ${GROUPS_DN}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ou=services,${BASE_DN}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: ${SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: wharf-svc\nuserPassword: ${SERVICE_PASSWORD}\n`,
  ];
  if (seed) {
    const names: Record<SeededUid, string> = {
      alice: 'Alice Archer',
      bob: 'Bob Baker',
      carol: 'Carol Cole',
      dave: 'Dave Dunn',
      erin: 'Erin Eves',
      obrien: 'Owen Brien',
      'o*brien': 'Olga Star-Brien',
      'paren(test)': 'Parker Test',
    };
    // erin has no mail (email must come back null); the others uid@wharf.test without specials.
    const mail = (uid: string) =>
      uid === 'erin' ? null : `${uid.replace('*', 'star').replace(/[()]/g, '')}@wharf.test`;
    for (const [uid, pw] of Object.entries(LDAP_USERS))
      entries.push(person(uid, names[uid as SeededUid], pw, mail(uid)));
  }
  return entries.join('\n');
}

/** Added through the running server so the memberof overlay fills users' memberOf (as AD does). */
function groupsLdif(): string {
  const g = LDAP_GROUPS;
  return [
    `dn: ${groupDn('developers')}\nobjectClass: groupOfNames\ncn: developers\n${g.developers.map((u) => `member: ${userDn(u)}\n`).join('')}`,
    `dn: ${groupDn('registry-admins')}\nobjectClass: groupOfNames\ncn: registry-admins\n${g['registry-admins'].map((u) => `member: ${userDn(u)}\n`).join('')}`,
    `dn: ${groupDn('qa')}\nobjectClass: groupOfUniqueNames\ncn: qa\n${g.qa.map((u) => `uniqueMember: ${userDn(u)}\n`).join('')}`,
  ].join('\n');
}

function slapdConf(dir: string, tls: boolean, requireTls: boolean): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
# Like Active Directory, accept a simple bind with a DN and an empty password as anonymous
# ("unauthenticated bind"), so the tests prove Wharf refuses empty passwords itself.
allow bind_anon_dn
${tls ? `TLSCACertificateFile ${dir}/ca.pem\nTLSCertificateFile ${dir}/server.pem\nTLSCertificateKeyFile ${dir}/server-key.pem\n` : ''}${tls && requireTls ? 'security simple_bind=1\n' : ''}
database mdb
maxsize 10485760
suffix "${BASE_DN}"
rootdn "${ADMIN_DN}"
rootpw ${ADMIN_PASSWORD}
directory ${dir}/data
index objectClass eq
index uid,cn,mail eq,sub
index member,uniqueMember eq
overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE
# Anonymous may only authenticate; the service account reads everything but passwords.
access to attrs=userPassword by self =xw by anonymous auth by * none
access to * by dn.exact="${SERVICE_DN}" read by self read by anonymous auth by * none
`;
}

function run(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, timeout: 20_000 });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout || r.error?.message}`,
    );
}

/** A CA and a server certificate for IP 127.0.0.1 only (EC keys: fast to make). */
function makeCertificates(dir: string): void {
  const f = (n: string) => path.join(dir, n);
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Wharf Test CA',
    '-keyout',
    f('ca-key.pem'),
    '-out',
    f('ca.pem'),
  ]);
  run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server-key.pem'),
    '-out',
    f('server.csr'),
  ]);
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run('openssl', [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.pem'),
  ]);
}

/** Resolves once slapd accepts TCP connections (it listens only after the database is open). */
function waitForPort(port: number, timeoutMs: number, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = createConnection({ host: '127.0.0.1', port }, () => {
        sock.destroy();
        resolve();
      });
      sock.on('error', () => {
        sock.destroy();
        const why = exited();
        if (why) reject(new Error(why));
        else if (Date.now() > deadline)
          reject(new Error(`slapd did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

// Instances not stopped when the test process exits (a crash, a forgotten stop()) are killed
// and their folders removed, so no slapd outlives its test run.
const leftovers = new Set<() => void>();
process.once('exit', () => {
  for (const cleanup of leftovers) cleanup();
});

export async function startSlapd(options: SlapdOptions = {}): Promise<Slapd> {
  const seed = options.seed ?? true;
  const tls = options.tls ?? false;
  if (!existsSync('/usr/sbin/slapd'))
    throw new Error('slapd is not installed (apt-get install slapd ldap-utils)');
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-slapd-'));
  try {
    mkdirSync(path.join(dir, 'data'));
    if (tls) makeCertificates(dir);
    const conf = path.join(dir, 'slapd.conf');
    writeFileSync(conf, slapdConf(dir, tls, options.requireTls ?? false));
    writeFileSync(path.join(dir, 'base.ldif'), baseLdif(seed));
    // -q: quick mode (no consistency checks), fine for a fresh throw-away database.
    run('/usr/sbin/slapadd', ['-q', '-f', conf, '-l', path.join(dir, 'base.ldif')]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const port = options.port ?? (await freePort());
  const ldapsPort = tls ? await freePort() : undefined;
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = ldapsPort ? `ldaps://127.0.0.1:${ldapsPort}` : undefined;
  const conf = path.join(dir, 'slapd.conf');
  let child: ChildProcess | undefined;

  const launch = async () => {
    // -d 0 keeps slapd in the foreground, so the PID we hold is slapd's own (for SIGSTOP/SIGKILL).
    // As root it runs as root: no -u/-g, the temp folder is ours.
    const listeners = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');
    const proc = spawn('/usr/sbin/slapd', ['-h', listeners, '-f', conf, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000); // drained, so slapd never blocks on a full pipe
    });
    child = proc;
    await waitForPort(port, 10_000, () =>
      proc.exitCode !== null || proc.signalCode
        ? `slapd exited (${proc.exitCode ?? proc.signalCode}): ${stderr.trim()}`
        : null,
    );
  };

  const kill = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null || c.signalCode) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });

  const ldapAdd = (ldif: string) =>
    new Promise<void>((resolve, reject) => {
      // Over StartTLS when the server has TLS (it may refuse clear-text binds).
      const p = spawn(
        'ldapadd',
        ['-x', ...(tls ? ['-ZZ'] : []), '-H', url, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD],
        {
          stdio: ['pipe', 'ignore', 'pipe'],
          env: {
            ...process.env,
            ...(tls ? { LDAPTLS_CACERT: path.join(dir, 'ca.pem'), LDAPTLS_REQCERT: 'demand' } : {}),
          },
        },
      );
      let err = '';
      p.stderr.on('data', (b: Buffer) => (err += b.toString()));
      p.on('error', reject);
      p.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`ldapadd failed (${code}): ${err.trim()}`)),
      );
      p.stdin.end(ldif);
    });

  const cleanup = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  leftovers.add(cleanup);

  try {
    await launch();
    if (seed) await ldapAdd(groupsLdif());
  } catch (err) {
    leftovers.delete(cleanup);
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  return {
    url,
    port,
    ...(tls ? { ldapsUrl, ldapsPort, caFile: path.join(dir, 'ca.pem') } : {}),
    baseDn: BASE_DN,
    peopleDn: PEOPLE_DN,
    groupsDn: GROUPS_DN,
    bindDn: SERVICE_DN,
    bindPassword: SERVICE_PASSWORD,
    dir,
    get pid() {
      return child?.exitCode === null && !child.signalCode ? child.pid : undefined;
    },
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    kill,
    start: async () => {
      if (child) throw new Error('slapd is already running');
      await launch();
    },
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      child?.kill('SIGCONT'); // a paused slapd would not die of SIGTERM
      const c = child;
      if (c && c.exitCode === null && !c.signalCode) {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => c.kill('SIGKILL'), 3000);
          c.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          c.kill('SIGTERM');
        });
      }
      child = undefined;
      leftovers.delete(cleanup);
      rmSync(dir, { recursive: true, force: true });
    },
    ldapAdd,
  };
}

// CLI (tsx runs this file as CommonJS, since package.json has no "type": "module").
if (typeof require !== 'undefined' && require.main === module) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  startSlapd({
    tls: args.includes('--tls'),
    port: portArg >= 0 ? Number(args[portArg + 1]) : undefined,
  }).then(
    (s) => {
      // Handlers first: whoever reads the URL below may send a signal right away.
      const stop = () => void s.stop().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      process.stdout.write(
        [
          `slapd (PID ${s.pid}) on ${s.url}${s.ldapsUrl ? ` and ${s.ldapsUrl} (CA ${s.caFile})` : ''}, files in ${s.dir}`,
          ...Object.entries(ldapEnv(s)).map(([k, v]) => `${k}=${v}`),
          `users: ${Object.entries(LDAP_USERS)
            .map(([u, p]) => `${u}/${p}`)
            .join(', ')}`,
          'Ctrl-C stops it.',
          '',
        ].join('\n'),
      );
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
