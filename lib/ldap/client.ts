// LDAP with ldapts: bind-search-rebind (service bind, find the user by a filter with the
// username escaped per RFC 4515, bind as the user's DN) or a direct bind with a DN
// template; StartTLS or ldaps:// with a CA file and verification on by default; timeouts;
// one reused service-bound connection. Errors say which step failed.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';

export type LdapConfig = {
  url: string;
  bindDn?: string;
  bindPassword?: string;
  baseDn: string;
  userFilter: string;
  userDnTemplate?: string;
  usernameAttr: string;
  emailAttr: string;
  displayNameAttr: string;
  groupBaseDn?: string;
  groupFilter: string;
  adminGroupDn?: string;
  startTls: boolean;
  caFile?: string;
  tlsVerify: boolean;
  timeoutMs: number;
};

export type LdapErrorKind =
  'unreachable' | 'timeout' | 'tls' | 'bad_bind' | 'user_not_found' | 'bad_password' | 'ambiguous' | 'config';

const MESSAGES: Record<LdapErrorKind, string> = {
  unreachable: 'the LDAP server cannot be reached',
  timeout: 'the LDAP server did not answer in time',
  tls: 'the TLS connection to the LDAP server failed (certificate or CA file?)',
  bad_bind: 'the service account could not bind (LDAP_BIND_DN / LDAP_BIND_PASSWORD)',
  user_not_found: 'no such user in the directory',
  bad_password: 'the password is not correct',
  ambiguous: 'the user filter matches more than one entry',
  config: 'LDAP is not configured correctly',
};

export class LdapError extends Error {
  constructor(
    readonly kind: LdapErrorKind,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[kind]}: ${detail}` : MESSAGES[kind]);
    this.name = 'LdapError';
  }
  /**
   * By name, not instanceof: the client is a process-wide singleton, and Next.js bundles
   * route handlers separately, so its errors may come from another copy of this class.
   */
  static is(err: unknown): err is LdapError {
    return err instanceof Error && err.name === 'LdapError' && typeof (err as LdapError).kind === 'string';
  }

  /** Kinds that mean "the directory is not usable now" rather than "wrong credentials". */
  get isOutage(): boolean {
    return (
      this.kind === 'unreachable' ||
      this.kind === 'timeout' ||
      this.kind === 'tls' ||
      this.kind === 'bad_bind' ||
      this.kind === 'config'
    );
  }
}

export type LdapUser = {
  dn: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
  isAdmin: boolean;
};

/** RFC 4515 escaping of a value inside a search filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** RFC 4514 escaping of a value inside a DN (for the DN template). */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/** DNs compare case-insensitively and without spaces around separators. */
export function normalizeDn(dn: string): string {
  return dn
    .trim()
    .toLowerCase()
    .replace(/\s*([,=+])\s*/g, '$1');
}

function classify(err: unknown): LdapError {
  if (err instanceof LdapError) return err;
  const e = err as { code?: string | number; message?: string; name?: string };
  // An LDAP result code (no such object, insufficient access…): the server answered.
  if (typeof e.code === 'number') return new LdapError('config', e.message?.trim());
  const text = `${e.code ?? ''} ${e.name ?? ''} ${e.message ?? ''}`;
  if (/timeout|timed out/i.test(text)) return new LdapError('timeout');
  if (/CERT|certificate|TLS|SSL|self.signed|unable to verify/i.test(text))
    return new LdapError('tls', e.message);
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|closed|socket|connect/i.test(text))
    return new LdapError('unreachable');
  return new LdapError('unreachable', e.message);
}

export class LdapClient {
  private service?: Promise<Client>;
  private readonly tlsOptions: ConnectionOptions;

  constructor(readonly config: LdapConfig) {
    const ca = config.caFile ? readFileSync(config.caFile) : undefined;
    this.tlsOptions = { rejectUnauthorized: config.tlsVerify, ...(ca ? { ca } : {}) };
  }

  private async connect(): Promise<Client> {
    // ldapts speaks TLS whenever tlsOptions are given, so only pass them for ldaps://.
    const client = new Client({
      url: this.config.url,
      timeout: this.config.timeoutMs,
      connectTimeout: this.config.timeoutMs,
      ...(this.config.url.startsWith('ldaps://') ? { tlsOptions: this.tlsOptions } : {}),
    });
    if (this.config.startTls && this.config.url.startsWith('ldap://')) await client.startTLS(this.tlsOptions);
    return client;
  }

  /** The reused service-bound connection (re-created after any error). */
  private async serviceClient(): Promise<Client> {
    this.service ??= (async () => {
      const client = await this.connect();
      try {
        if (this.config.bindDn) await client.bind(this.config.bindDn, this.config.bindPassword ?? '');
      } catch (err) {
        await client.unbind().catch(() => undefined);
        throw err instanceof InvalidCredentialsError ? new LdapError('bad_bind') : err;
      }
      return client;
    })();
    this.service.catch(() => (this.service = undefined));
    return this.service;
  }

  private async withService<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn(await this.serviceClient());
      } catch (err) {
        const stale = this.service;
        this.service = undefined;
        void stale?.then((c) => c.unbind()).catch(() => undefined);
        if (err instanceof LdapError && err.kind === 'bad_bind') throw err;
        // A reused connection may have been closed by the server: one fresh retry.
        if (attempt >= 1) throw classify(err);
      }
    }
  }

  private userAttributes() {
    return [this.config.usernameAttr, this.config.emailAttr, this.config.displayNameAttr, 'memberOf'];
  }

  private first(entry: Entry, attr: string): string | null {
    const v =
      entry[attr] ?? entry[Object.keys(entry).find((k) => k.toLowerCase() === attr.toLowerCase()) ?? ''];
    const value = Array.isArray(v) ? v[0] : v;
    return value === undefined || value === null ? null : String(value);
  }

  private async findUserEntry(client: Client, username: string): Promise<Entry> {
    const filter = this.config.userFilter.replaceAll('{username}', escapeFilterValue(username));
    const { searchEntries } = await client.search(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes: this.userAttributes(),
      sizeLimit: 2,
    });
    if (searchEntries.length === 0) throw new LdapError('user_not_found');
    if (searchEntries.length > 1) throw new LdapError('ambiguous');
    return searchEntries[0]!;
  }

  private async groupsOf(client: Client, entry: Entry): Promise<string[]> {
    const groups = new Set<string>();
    const memberOf = entry.memberOf ?? entry.memberof;
    for (const g of Array.isArray(memberOf) ? memberOf : memberOf ? [memberOf] : [])
      groups.add(normalizeDn(String(g)));
    if (this.config.groupBaseDn) {
      const dn = escapeFilterValue(entry.dn);
      const filter = `(&${this.config.groupFilter}(|(member=${dn})(uniqueMember=${dn})))`;
      const { searchEntries } = await client.search(this.config.groupBaseDn, {
        scope: 'sub',
        filter,
        attributes: ['cn'],
        sizeLimit: 1000,
      });
      for (const g of searchEntries) groups.add(normalizeDn(g.dn));
    }
    return [...groups];
  }

  private toUser(entry: Entry, groups: string[], fallbackName: string): LdapUser {
    const admin = this.config.adminGroupDn ? normalizeDn(this.config.adminGroupDn) : null;
    return {
      dn: entry.dn,
      username: (this.first(entry, this.config.usernameAttr) ?? fallbackName).toLowerCase(),
      email: this.first(entry, this.config.emailAttr),
      displayName: this.first(entry, this.config.displayNameAttr),
      groups,
      isAdmin: admin !== null && groups.includes(admin),
    };
  }

  /** Verifies a user's password; returns their entry and groups. */
  async authenticate(username: string, password: string): Promise<LdapUser> {
    // An empty password would be an unauthenticated bind, which LDAP servers "accept".
    if (!password) throw new LdapError('bad_password');
    if (!username || username.length > 256) throw new LdapError('user_not_found');
    let dn: string;
    let entry: Entry | null = null;
    if (this.config.userDnTemplate) {
      dn = this.config.userDnTemplate.replaceAll('{username}', escapeDnValue(username));
    } else {
      entry = await this.withService((c) => this.findUserEntry(c, username));
      dn = entry.dn;
    }
    const userClient = await this.connect().catch((err) => {
      throw classify(err);
    });
    try {
      await userClient.bind(dn, password);
      if (!entry) {
        // Direct bind: read the own entry and groups with the user's connection.
        const { searchEntries } = await userClient.search(dn, {
          scope: 'base',
          attributes: this.userAttributes(),
        });
        entry = searchEntries[0] ?? { dn };
        const own = entry;
        // Groups through the service account when there is one; a user may not read them.
        const groups = this.config.bindDn
          ? await this.withService((c) => this.groupsOf(c, own))
          : await this.groupsOf(userClient, own).catch(() => []);
        return this.toUser(own, groups, username);
      }
    } catch (err) {
      if (err instanceof InvalidCredentialsError) throw new LdapError('bad_password');
      throw classify(err);
    } finally {
      await userClient.unbind().catch(() => undefined);
    }
    const found = entry;
    const groups = await this.withService((c) => this.groupsOf(c, found));
    return this.toUser(found, groups, username);
  }

  /** Groups of a known user DN (for sessions), through the service account. */
  async groupsOfDn(dn: string): Promise<string[]> {
    return this.withService((c) => this.groupsOf(c, { dn }));
  }

  /** A user by name without a password (diagnostics, adding members who never signed in). */
  async lookupUser(username: string): Promise<LdapUser> {
    return this.withService(async (c) => {
      const entry = await this.findUserEntry(c, username);
      return this.toUser(entry, await this.groupsOf(c, entry), username);
    });
  }

  /** Users whose name, display name or email starts with `query` (member typeahead). */
  async searchUsers(query: string, limit = 10): Promise<Array<Omit<LdapUser, 'groups' | 'isAdmin'>>> {
    const q = escapeFilterValue(query);
    const c = this.config;
    const filter = `(&${c.userFilter.replaceAll('{username}', '*')}(|(${c.usernameAttr}=${q}*)(${c.displayNameAttr}=${q}*)(${c.emailAttr}=${q}*)))`;
    const { searchEntries } = await this.withService((cl) =>
      cl
        .search(c.baseDn, { scope: 'sub', filter, attributes: this.userAttributes(), sizeLimit: limit })
        .catch((err) => {
          // sizeLimit exceeded still returns the first entries in most servers; treat others as errors.
          if (/size limit/i.test(String(err))) return { searchEntries: [] as Entry[], searchReferences: [] };
          throw err;
        }),
    );
    return searchEntries.slice(0, limit).map((e) => {
      const u = this.toUser(e, [], '');
      return { dn: u.dn, username: u.username, email: u.email, displayName: u.displayName };
    });
  }

  /** Groups whose cn starts with `query` (adding an LDAP group as a member). */
  async searchGroups(query: string, limit = 10): Promise<Array<{ dn: string; name: string }>> {
    if (!this.config.groupBaseDn) return [];
    const filter = `(&${this.config.groupFilter}(cn=${escapeFilterValue(query)}*))`;
    const { searchEntries } = await this.withService((c) =>
      c.search(this.config.groupBaseDn!, { scope: 'sub', filter, attributes: ['cn'], sizeLimit: limit }),
    );
    return searchEntries
      .slice(0, limit)
      .map((e) => ({ dn: normalizeDn(e.dn), name: this.first(e, 'cn') ?? e.dn }));
  }

  /** Service bind plus a base search, with the latency (Administration → Authentication). */
  async testConnection(): Promise<{ latencyMs: number }> {
    const started = performance.now();
    this.service = undefined;
    await this.withService((c) => c.search(this.config.baseDn, { scope: 'base', attributes: ['dn'] }));
    return { latencyMs: Math.round(performance.now() - started) };
  }

  async close(): Promise<void> {
    const s = this.service;
    this.service = undefined;
    await s?.then((c) => c.unbind()).catch(() => undefined);
  }
}
