// A throw-away OpenLDAP (Debian's slapd) for tests: private config and data in a temp
// folder, listening on 127.0.0.1, seeded with people and groups. Also a CLI:
//   node --import tsx e2e/ldap/slapd.ts     (prints the URL, Ctrl-C stops it)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const BASE_DN = 'dc=wharf,dc=test';
export const SERVICE_DN = `cn=wharf-svc,ou=services,${BASE_DN}`;
export const SERVICE_PASSWORD = 'svc-password';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;

/** Seeded users: uid → password. */
export const LDAP_USERS = {
  alice: 'alice-pw',
  bob: 'bob-pw',
  carol: 'carol-pw',
  dave: 'dave-pw',
} as const;

export type Slapd = {
  url: string;
  port: number;
  stop: () => Promise<void>;
  pause: () => void;
  resume: () => void;
  restart: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const person = (uid: string, cn: string, password: string) => `dn: uid=${uid},${PEOPLE_DN}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${cn}
sn: ${cn.split(' ').at(-1)}
mail: ${uid}@wharf.test
userPassword: ${password}
`;

function seedLdif(): string {
  return [
    `dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: wharf\no: Wharf Test\n`,
    `dn: ou=people,${BASE_DN}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ou=groups,${BASE_DN}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ou=services,${BASE_DN}\nobjectClass: organizationalUnit\nou: services\n`,
    `dn: ${SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: wharf-svc\nuserPassword: ${SERVICE_PASSWORD}\n`,
    person('alice', 'Alice Archer', LDAP_USERS.alice),
    person('bob', 'Bob Baker', LDAP_USERS.bob),
    person('carol', 'Carol Cole', LDAP_USERS.carol),
    person('dave', 'Dave Dunn', LDAP_USERS.dave),
    `dn: cn=developers,${GROUPS_DN}\nobjectClass: groupOfNames\ncn: developers\nmember: uid=alice,${PEOPLE_DN}\nmember: uid=bob,${PEOPLE_DN}\n`,
    `dn: cn=registry-admins,${GROUPS_DN}\nobjectClass: groupOfNames\ncn: registry-admins\nmember: uid=carol,${PEOPLE_DN}\n`,
    `dn: cn=qa,${GROUPS_DN}\nobjectClass: groupOfUniqueNames\ncn: qa\nuniqueMember: uid=dave,${PEOPLE_DN}\n`,
  ].join('\n');
}

function config(dir: string): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
database mdb
maxsize 10485760
suffix "${BASE_DN}"
rootdn "cn=admin,${BASE_DN}"
rootpw admin-not-used
directory ${dir}/data
index objectClass eq
index uid,cn,mail eq,sub
index member,uniqueMember eq
access to attrs=userPassword by self =xw by anonymous auth by * none
access to * by dn.exact="${SERVICE_DN}" read by self read by anonymous auth by * none
`;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = createConnection({ host: '127.0.0.1', port }, () => {
        sock.destroy();
        resolve();
      });
      sock.on('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`slapd did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startSlapd(): Promise<Slapd> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wharf-slapd-'));
  mkdirSync(path.join(dir, 'data'));
  const conf = path.join(dir, 'slapd.conf');
  writeFileSync(conf, config(dir));
  writeFileSync(path.join(dir, 'seed.ldif'), seedLdif());
  const seeded = spawnSync('/usr/sbin/slapadd', ['-f', conf, '-l', path.join(dir, 'seed.ldif')], {
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`slapadd failed: ${seeded.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('/usr/sbin/slapd', ['-h', `${url}/`, '-f', conf, '-d', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await waitForPort(port, 10_000);
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  await launch();
  return {
    url,
    port,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) {
  startSlapd().then((s) => {
    process.stdout.write(
      `slapd on ${s.url} (base ${BASE_DN}, service ${SERVICE_DN} / ${SERVICE_PASSWORD}); Ctrl-C stops it\n`,
    );
    const stop = () => void s.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
