// LDAP with ldapts: bind-search-rebind (service bind, find the user by a filter with the
// username escaped per RFC 4515, bind as the user's DN) or a direct bind with a DN
// template; StartTLS or ldaps:// with a CA file and verification on by default; connect and
// operation timeouts; one reused service-bound connection. Every failure is an LdapError
// whose `kind` tells the app what to say (wrong credentials vs. directory down) and whose
// message tells an administrator which step failed.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Client, FilterParser, type Entry, type SearchOptions, type SearchResult } from 'ldapts';
import type { Env } from '@/lib/env';
import { log } from '@/lib/log';
import { timeLdapBind } from '@/lib/metrics';

export type LdapConfig = {
  url: string;
  bindDn?: string;
  bindPassword?: string;
  /** Where users are searched (sub scope). */
  baseDn: string;
  /** A filter with `{username}`, e.g. `(uid={username})`. */
  userFilter: string;
  /** Direct bind instead of search, e.g. `uid={username},ou=people,dc=example,dc=com`. */
  userDnTemplate?: string;
  usernameAttr: string;
  emailAttr: string;
  displayNameAttr: string;
  /** Where groups are searched by member/uniqueMember; without it only `memberOf` is used. */
  groupBaseDn?: string;
  groupFilter: string;
  adminGroupDn?: string;
  startTls: boolean;
  caFile?: string;
  tlsVerify: boolean;
  /** Connect timeout and per-operation timeout. */
  timeoutMs: number;
};

export type LdapEnv = Pick<
  Env,
  | 'LDAP_URL'
  | 'LDAP_BIND_DN'
  | 'LDAP_BIND_PASSWORD'
  | 'LDAP_BASE_DN'
  | 'LDAP_USER_FILTER'
  | 'LDAP_USER_DN_TEMPLATE'
  | 'LDAP_USERNAME_ATTR'
  | 'LDAP_EMAIL_ATTR'
  | 'LDAP_DISPLAY_NAME_ATTR'
  | 'LDAP_GROUP_BASE_DN'
  | 'LDAP_GROUP_FILTER'
  | 'LDAP_ADMIN_GROUP_DN'
  | 'LDAP_START_TLS'
  | 'LDAP_CA_FILE'
  | 'LDAP_TLS_VERIFY'
  | 'LDAP_TIMEOUT'
>;

/** The client settings from the validated environment; null when LDAP is off (no LDAP_URL). */
export function ldapConfigFromEnv(env: LdapEnv): LdapConfig | null {
  if (!env.LDAP_URL) return null;
  return {
    url: env.LDAP_URL,
    bindDn: env.LDAP_BIND_DN,
    bindPassword: env.LDAP_BIND_PASSWORD,
    baseDn: env.LDAP_BASE_DN ?? '',
    userFilter: env.LDAP_USER_FILTER,
    userDnTemplate: env.LDAP_USER_DN_TEMPLATE,
    usernameAttr: env.LDAP_USERNAME_ATTR,
    emailAttr: env.LDAP_EMAIL_ATTR,
    displayNameAttr: env.LDAP_DISPLAY_NAME_ATTR,
    groupBaseDn: env.LDAP_GROUP_BASE_DN,
    groupFilter: env.LDAP_GROUP_FILTER,
    adminGroupDn: env.LDAP_ADMIN_GROUP_DN,
    startTls: env.LDAP_START_TLS,
    caFile: env.LDAP_CA_FILE,
    tlsVerify: env.LDAP_TLS_VERIFY,
    timeoutMs: env.LDAP_TIMEOUT * 1000,
  };
}

export type LdapErrorKind =
  'unreachable' | 'timeout' | 'tls' | 'bad_bind' | 'user_not_found' | 'bad_password' | 'ambiguous' | 'config';

const MESSAGES: Record<LdapErrorKind, string> = {
  unreachable: 'the LDAP server cannot be reached',
  timeout: 'the LDAP server did not answer in time',
  tls: 'the TLS connection to the LDAP server failed',
  bad_bind: 'the service account could not bind (check LDAP_BIND_DN / LDAP_BIND_PASSWORD)',
  user_not_found: 'no such user in the directory',
  bad_password: 'the password is not correct',
  ambiguous: 'the user filter matches more than one directory entry (make LDAP_USER_FILTER stricter)',
  config: 'LDAP is not configured correctly',
};

export class LdapError extends Error {
  /** The server's or the socket's own words, for logs and the diagnostics page. */
  readonly detail?: string;

  constructor(
    readonly kind: LdapErrorKind,
    detail?: string,
  ) {
    super(detail ? `${MESSAGES[kind]}: ${detail}` : MESSAGES[kind]);
    this.name = 'LdapError';
    this.detail = detail;
  }

  /** Also true for an LdapError from another copy of this module (bundlers may load two). */
  static is(err: unknown): err is LdapError {
    return (
      err instanceof LdapError ||
      (err instanceof Error &&
        err.name === 'LdapError' &&
        typeof (err as { kind?: unknown }).kind === 'string')
    );
  }

  /** The directory is not usable now (say "unavailable", not "wrong password"). */
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

/** Attributes whose value changes when a password changes, best first (see LdapUser.stamp). */
const STAMP_ATTRIBUTES = ['pwdChangedTime', 'pwdLastSet', 'entryCSN', 'modifyTimestamp'] as const;

/** A directory user. `groups` are normalized DNs (see normalizeDn). */
export type LdapUser = {
  dn: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
  isAdmin: boolean;
  /**
   * Changes when the password changes: pwdChangedTime (OpenLDAP ppolicy), pwdLastSet (Active
   * Directory), else the entry's entryCSN / modifyTimestamp (any change of the entry counts).
   */
  stamp: string | null;
};
export type LdapDirectoryUser = Omit<LdapUser, 'groups' | 'isAdmin' | 'stamp'>;
export type LdapGroup = { dn: string; name: string };

/** RFC 4515: a value inside a search filter, so user input can never add filter syntax or wildcards. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** RFC 4514: a value inside a DN (for LDAP_USER_DN_TEMPLATE). */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}

/**
 * A DN in one canonical spelling, for comparing and storing group DNs: attribute types and
 * values lower-cased, no spaces around separators, escapes decoded and re-encoded one way
 * (`\2C` and `\,` are the same comma), multi-valued RDNs sorted. Directories hand out the same
 * DN with different case and spacing (and admins type it yet another way).
 */
export function normalizeDn(dn: string): string {
  const rdns = parseDn(dn.trim());
  if (!rdns)
    return dn
      .trim()
      .toLowerCase()
      .replace(/\s*([,=+])\s*/g, '$1');
  return rdns
    .map((avas) =>
      avas
        .map(([type, value]) => `${type.toLowerCase()}=${escapeDnValue(value.toLowerCase())}`)
        .sort()
        .join('+'),
    )
    .join(',');
}

/** Splits a DN into RDNs of [type, unescaped value]; null when it is not a DN. */
function parseDn(dn: string): Array<Array<[string, string]>> | null {
  if (!dn) return [];
  const rdns: Array<Array<[string, string]>> = [];
  let avas: Array<[string, string]> = [];
  let i = 0;
  while (i <= dn.length) {
    const eq = dn.indexOf('=', i);
    if (eq < 0) return null;
    const type = dn.slice(i, eq).trim();
    if (!/^[A-Za-z][\w-]*$|^\d+(\.\d+)*$/.test(type)) return null;
    // The value: up to an unescaped , ; + (bytes, so that \C3\A9 decodes as UTF-8).
    const bytes: number[] = [];
    let lastSignificant = 0; // bytes.length after the last escaped or non-space character
    let j = eq + 1;
    while (j < dn.length && dn[j] === ' ') j++;
    for (; j < dn.length; j++) {
      const c = dn[j]!;
      if (c === ',' || c === ';' || c === '+') break;
      if (c === '\\') {
        const hex = dn.slice(j + 1, j + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          j += 2;
        } else if (j + 1 < dn.length) {
          bytes.push(...Buffer.from(dn[j + 1]!, 'utf8'));
          j += 1;
        } else return null;
        lastSignificant = bytes.length;
      } else {
        bytes.push(...Buffer.from(c, 'utf8'));
        if (c !== ' ') lastSignificant = bytes.length;
      }
    }
    avas.push([type, Buffer.from(bytes.slice(0, lastSignificant)).toString('utf8')]);
    if (j >= dn.length || dn[j] !== '+') {
      rdns.push(avas);
      avas = [];
    }
    if (j >= dn.length) break;
    i = j + 1;
  }
  return rdns;
}

/** A pooled connection turned out closed before a request was sent on it. */
class StaleConnection extends Error {
  constructor() {
    super('the connection to the LDAP server was closed');
  }
}

type Search = (base: string, options: SearchOptions) => Promise<SearchResult>;

const noop = () => undefined;

/** Idle user-bind connections kept per client: enough for a burst of parallel sign-ins. */
const MAX_IDLE_BINDERS = 4;

/** LDAP result codes (RFC 4511) we treat specially. */
const RC = {
  timeLimitExceeded: 3,
  strongerAuthRequired: 8,
  confidentialityRequired: 13,
  noSuchObject: 32,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
} as const;

function resultCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The server is there but will not serve now: treat like an outage and drop the connection. */
function serverDown(err: unknown): boolean {
  const code = resultCode(err);
  return code === RC.busy || code === RC.unavailable;
}

/** The socket went away (server restart, idle timeout, reset): a retry on a new connection may work. */
function connectionClosed(err: unknown): boolean {
  if (err instanceof StaleConnection) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    /ECONNRESET|EPIPE/.test(String(e?.code)) ||
    /Connection closed|Socket error|Socket connection not established/i.test(String(e?.message))
  );
}

const TLS_ERROR_CODE =
  /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error('Operation timed out'));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export class LdapClient {
  /** The service-bound connection shared by all requests (LDAP multiplexes requests by message id). */
  private service?: Promise<Client>;
  private current?: Client;
  /** Idle connections for user binds (see asUser). */
  private binders: Client[] = [];
  /** StartTLS connections whose socket the server closed (ldapts does not notice, see connect). */
  private readonly lost = new WeakSet<Client>();
  private ca?: Buffer;
  /** A problem with the settings themselves, reported by every call instead of a confusing server error. */
  private readonly problem: string | null;
  private readonly host: string;

  readonly config: LdapConfig;

  constructor(settings: LdapConfig) {
    // "uid={username}" is as common in settings as "(uid={username})"; both mean the same.
    const wrap = (filter: string) => (filter.trim().startsWith('(') ? filter.trim() : `(${filter.trim()})`);
    const config = {
      ...settings,
      userFilter: wrap(settings.userFilter),
      groupFilter: wrap(settings.groupFilter),
    };
    this.config = config;
    this.host = (() => {
      try {
        return new URL(config.url).hostname.replace(/^\[|\]$/g, '');
      } catch {
        return '';
      }
    })();
    this.problem = checkConfig(config);
    if (this.problem) log.error('LDAP settings are not usable', { problem: this.problem });
    if (!config.tlsVerify && (config.startTls || config.url.startsWith('ldaps://'))) {
      log.warn(
        'LDAP TLS certificate verification is off (LDAP_TLS_VERIFY=false): the directory connection can be intercepted',
      );
    }
  }

  // ---- connections -------------------------------------------------------------------------

  private tlsOptions(): ConnectionOptions {
    const { caFile, tlsVerify } = this.config;
    if (caFile && !this.ca) {
      try {
        this.ca = readFileSync(caFile);
      } catch (err) {
        throw new LdapError(
          'tls',
          `cannot read LDAP_CA_FILE ${caFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
    }
    return {
      rejectUnauthorized: tlsVerify,
      ...(this.ca ? { ca: this.ca } : {}),
      // The certificate is checked against the URL's host. StartTLS upgrades an existing
      // socket, where Node would otherwise check against "localhost".
      host: this.host,
      ...(isIP(this.host) ? {} : { servername: this.host }),
    };
  }

  /** A new connection (TCP, TLS for ldaps:// or StartTLS), not yet bound. */
  private async connect(): Promise<Client> {
    const { url, timeoutMs, startTls } = this.config;
    const secure = url.startsWith('ldaps://');
    const tls = secure || startTls ? this.tlsOptions() : undefined;
    const upgrade = ((options: ConnectionOptions) => {
      // ldapts (8.2) does not notice when the server closes a StartTLS-upgraded connection: it
      // stays "connected" and every request on it hangs until the timeout. Watch the TLS socket,
      // mark the connection lost, and close the plain socket under it, which fails pending requests.
      const socket = tlsConnect(options);
      const lost = () => {
        this.lost.add(client);
        options.socket?.destroy();
      };
      socket.once('end', lost);
      socket.once('close', lost);
      return socket;
    }) as typeof tlsConnect;
    // ldapts speaks TLS from the first byte whenever tlsOptions are given: only for ldaps://.
    const client: Client = new Client({
      url,
      timeout: timeoutMs,
      connectTimeout: timeoutMs,
      ...(secure ? { tlsOptions: tls } : { createSecureConnection: upgrade }),
    });
    if (startTls && !secure) {
      try {
        // ldapts has no timeout for the handshake after the StartTLS request: add one.
        await withDeadline(client.startTLS(tls), timeoutMs, () => void client.unbind().catch(noop));
      } catch (err) {
        void client.unbind().catch(noop);
        if (resultCode(err) !== undefined)
          throw new LdapError('tls', `the server refused StartTLS (${this.describe(err)})`);
        throw this.classify(err);
      }
    }
    return client;
  }

  private async openService(): Promise<Client> {
    const client = await this.connect();
    const { bindDn, bindPassword } = this.config;
    if (bindDn) {
      try {
        await timeLdapBind(() => client.bind(bindDn, bindPassword ?? ''));
      } catch (err) {
        void client.unbind().catch(noop);
        if (resultCode(err) === RC.invalidCredentials)
          throw new LdapError('bad_bind', `${bindDn} was refused`);
        throw this.classify(err);
      }
    }
    log.debug('LDAP service connection open', { url: this.config.url, bindDn: bindDn ?? null });
    return client;
  }

  private serviceClient(): Promise<Client> {
    if (!this.service) {
      // `current` is set before any caller sees the client, so dropService can compare synchronously.
      const opening = this.openService().then((c) => (this.current = c));
      this.service = opening;
      opening.catch(() => {
        if (this.service === opening) this.service = undefined;
      });
    }
    return this.service;
  }

  private dropService(client: Client, reason: unknown): void {
    if (this.current === client) {
      this.service = undefined;
      this.current = undefined;
      log.warn('LDAP service connection dropped', { url: this.config.url, reason: this.describe(reason) });
    }
    void client.unbind().catch(noop);
  }

  /**
   * Whether a pooled connection can still be used as itself. ldapts reconnects a closed socket
   * on the next request, but unbound and without StartTLS: a search there would run
   * anonymously (finding nobody: "user not found" for everyone) or in clear text.
   */
  private usable(client: Client): boolean {
    if (this.lost.has(client)) return false;
    if (this.config.bindDn) return client.isBound;
    if (this.config.startTls) return client.isConnected;
    return true; // anonymous and plain: a transparent reconnect is the same connection
  }

  /**
   * Runs `op` with searches on the service connection. Answers (user not found, server-side
   * errors) keep the connection; a closed connection is replaced and `op` retried once (the
   * server restarted or dropped an idle connection); timeouts are never retried, so a hung
   * directory costs one timeout, not two.
   */
  private async withService<T>(op: (search: Search) => Promise<T>): Promise<T> {
    this.assertUsable();
    for (let attempt = 1; ; attempt++) {
      let client: Client;
      try {
        client = await this.serviceClient();
      } catch (err) {
        throw this.classify(err);
      }
      const search: Search = (base, options) =>
        this.usable(client) ? client.search(base, options) : Promise.reject(new StaleConnection());
      try {
        return await op(search);
      } catch (err) {
        if (LdapError.is(err)) throw err;
        if (resultCode(err) !== undefined && !serverDown(err)) throw this.classify(err);
        this.dropService(client, err);
        if (attempt < 2 && connectionClosed(err)) continue;
        throw this.classify(err);
      }
    }
  }

  /**
   * Binds as the user on a connection kept only for user binds; `then` runs on it while it is
   * bound. Binders are reused (no TCP/TLS handshake per sign-in) but never shared: an LDAP bind
   * must not overlap other requests on its connection.
   */
  private async asUser<T>(
    dn: string,
    password: string,
    then: (search: Search, client: Client) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pooled = attempt === 1 ? this.idleBinder() : undefined;
      const client = pooled ?? (await this.connect());
      let keep = false;
      try {
        try {
          await timeLdapBind(() => client.bind(dn, password));
        } catch (err) {
          // An idle binder closed by the server (idle timeout) a moment ago: once more on a new one.
          if (pooled && connectionClosed(err)) continue;
          const code = resultCode(err);
          // 49: wrong password or no such DN; 50/53: the server refuses this account (locked, disabled).
          if (
            code === RC.invalidCredentials ||
            code === RC.insufficientAccessRights ||
            code === RC.unwillingToPerform
          ) {
            keep = true; // a failed bind leaves the connection usable (anonymous)
            throw new LdapError('bad_password', serverText(err));
          }
          throw err;
        }
        const search: Search = (base, options) =>
          client.isBound && !this.lost.has(client)
            ? client.search(base, options)
            : Promise.reject(new StaleConnection());
        const result = await then(search, client);
        keep = true;
        return result;
      } catch (err) {
        throw this.classify(err);
      } finally {
        if (keep) this.releaseBinder(client);
        else void client.unbind().catch(noop); // not awaited: nobody needs to wait for the close
      }
    }
  }

  /**
   * An idle binder that is still connected, checked synchronously right before the caller's
   * bind: ldapts would otherwise reconnect a closed one transparently, without StartTLS, and
   * send the password in clear text.
   */
  private idleBinder(): Client | undefined {
    for (let c = this.binders.pop(); c; c = this.binders.pop()) {
      if (c.isConnected && !this.lost.has(c)) return c;
      void c.unbind().catch(noop);
    }
    return undefined;
  }

  private releaseBinder(client: Client): void {
    if (client.isConnected && !this.lost.has(client) && this.binders.length < MAX_IDLE_BINDERS)
      this.binders.push(client);
    else void client.unbind().catch(noop);
  }

  // ---- errors --------------------------------------------------------------------------

  private describe(err: unknown): string {
    if (!(err instanceof Error)) return String(err);
    const code = (err as NodeJS.ErrnoException).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }

  private classify(err: unknown): LdapError {
    if (LdapError.is(err)) return err;
    const url = this.config.url;
    const code = resultCode(err);
    if (code !== undefined) {
      const text = serverText(err);
      switch (code) {
        case RC.busy:
        case RC.unavailable:
          return new LdapError('unreachable', `${url} is busy or unavailable (${text})`);
        case RC.timeLimitExceeded:
          return new LdapError('timeout', `${url}: ${text}`);
        case RC.noSuchObject:
          return new LdapError(
            'config',
            `a base DN does not exist (check LDAP_BASE_DN / LDAP_GROUP_BASE_DN): ${text}`,
          );
        case RC.confidentialityRequired:
        case RC.strongerAuthRequired:
          return new LdapError(
            'config',
            `the server requires an encrypted connection (set LDAP_START_TLS=true or use ldaps://): ${text}`,
          );
        case RC.insufficientAccessRights:
          return new LdapError('config', `the service account may not read this (${text})`);
        default:
          return new LdapError('config', `the server refused the request: ${text}`);
      }
    }
    const e = (err ?? {}) as { code?: unknown; message?: unknown };
    const sysCode = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (
      TLS_ERROR_CODE.test(sysCode) ||
      /certificate|\bSSL\b|\bTLS\b|wrong version number|handshake/i.test(message)
    ) {
      return new LdapError('tls', `${url}: ${this.describe(err)}`);
    }
    if (/timed out|timeout/i.test(message) || sysCode === 'ETIMEDOUT')
      return new LdapError('timeout', `${url}: no answer within ${this.config.timeoutMs} ms`);
    return new LdapError('unreachable', `${url}: ${this.describe(err)}`);
  }

  private assertUsable(): void {
    if (this.problem) throw new LdapError('config', this.problem);
  }

  // ---- entries and groups ------------------------------------------------------------------

  private userAttributes(): string[] {
    const { usernameAttr, emailAttr, displayNameAttr } = this.config;
    return [...new Set([usernameAttr, emailAttr, displayNameAttr, 'memberOf', ...STAMP_ATTRIBUTES])];
  }

  private userFilter(username: string): string {
    return this.config.userFilter.replaceAll('{username}', escapeFilterValue(username));
  }

  private async findUserEntry(search: Search, username: string): Promise<Entry> {
    // sizeLimit 2: enough to tell "exactly one" from "ambiguous" without listing a directory.
    const { searchEntries } = await search(this.config.baseDn, {
      scope: 'sub',
      filter: this.userFilter(username),
      attributes: this.userAttributes(),
      sizeLimit: 2,
    });
    if (searchEntries.length === 0) throw new LdapError('user_not_found');
    if (searchEntries.length > 1) {
      // The user only sees "invalid credentials"; the administrator must hear about it.
      log.warn('LDAP user filter matches more than one entry', {
        username,
        dns: searchEntries.map((e) => e.dn),
      });
      throw new LdapError('ambiguous', `more than one entry for "${username}"`);
    }
    return searchEntries[0]!;
  }

  /** memberOf of the entry (AD, OpenLDAP memberof overlay) plus groups listing the DN as member/uniqueMember. */
  private async groupsWith(search: Search, entry: Entry): Promise<string[]> {
    const groups = new Set(values(entry, 'memberOf').map(normalizeDn));
    if (this.config.groupBaseDn) {
      const dn = escapeFilterValue(entry.dn);
      const filter = `(&${this.config.groupFilter}(|(member=${dn})(uniqueMember=${dn})))`;
      const { searchEntries } = await search(this.config.groupBaseDn, {
        scope: 'sub',
        filter,
        attributes: ['1.1'],
        sizeLimit: 5000,
      });
      for (const g of searchEntries) groups.add(normalizeDn(g.dn));
    }
    return [...groups].sort();
  }

  private toUser(entry: Entry, groups: string[], fallbackName: string): LdapUser {
    const admin = this.config.adminGroupDn ? normalizeDn(this.config.adminGroupDn) : null;
    const stampAttr = STAMP_ATTRIBUTES.find((a) => first(entry, a));
    return {
      stamp: stampAttr ? `${stampAttr}:${first(entry, stampAttr)}`.slice(0, 128) : null,
      dn: entry.dn,
      // Wharf usernames are case-insensitive and stored lower-case; the directory's spelling wins over the typed one.
      username: (first(entry, this.config.usernameAttr) ?? fallbackName).toLowerCase(),
      email: first(entry, this.config.emailAttr),
      displayName: first(entry, this.config.displayNameAttr),
      groups,
      isAdmin: admin !== null && groups.includes(admin),
    };
  }

  // ---- public API ----------------------------------------------------------------------------

  /**
   * Verifies a user's password and returns their entry and groups. Throws LdapError:
   * user_not_found / bad_password (show "invalid credentials"), ambiguous, or an outage kind.
   */
  async authenticate(username: string, password: string): Promise<LdapUser> {
    // A simple bind with a DN and an empty password is an "unauthenticated bind": many servers
    // (Active Directory, slapd with bind_anon_dn) answer success, as anonymous. Refuse first.
    if (password.length === 0) throw new LdapError('bad_password', 'empty password');
    if (!username || username.length > 256 || username.includes('\0')) throw new LdapError('user_not_found');
    this.assertUsable();

    if (this.config.userDnTemplate) {
      const dn = this.config.userDnTemplate.replaceAll('{username}', escapeDnValue(username));
      return this.asUser(dn, password, async (search) => {
        // The user's own entry through their own connection; groups through the service account if there is one.
        // A directory may not let users read their own entry: then the DN alone (an answer, not an outage).
        const own = await search(dn, { scope: 'base', attributes: this.userAttributes() }).catch(
          (err: unknown) => {
            if (resultCode(err) !== undefined) return null;
            throw err;
          },
        );
        const entry: Entry = own?.searchEntries[0] ?? { dn };
        const groups = this.config.bindDn
          ? await this.withService((s) => this.groupsWith(s, entry))
          : await this.groupsWith(search, entry).catch(() => values(entry, 'memberOf').map(normalizeDn));
        return this.toUser(entry, groups, username);
      });
    }

    const entry = await this.withService((search) => this.findUserEntry(search, username));
    // The group search runs while the user binds: on success it is ready one round trip sooner.
    const groups = this.withService((search) => this.groupsWith(search, entry));
    groups.catch(noop); // only awaited when the bind succeeds
    await this.asUser(entry.dn, password, async () => undefined);
    return this.toUser(entry, await groups, username);
  }

  /**
   * A known user re-read by DN through the service account (revalidation of sessions and
   * refresh tokens): entry, groups, admin and password stamp; null when the entry is gone.
   */
  async readUserByDn(dn: string, fallbackName: string): Promise<LdapUser | null> {
    return this.withService(async (search) => {
      // memberOf lives on the user entry; read it too, so memberOf-only directories work without LDAP_GROUP_BASE_DN.
      const own = await search(dn, { scope: 'base', attributes: this.userAttributes() }).catch(
        (err: unknown) => {
          if (resultCode(err) === RC.noSuchObject) return null;
          throw err;
        },
      );
      const entry = own?.searchEntries[0];
      if (!entry) return null;
      return this.toUser(entry, await this.groupsWith(search, entry), fallbackName);
    });
  }

  /** A user and their groups by name, without a password (adding members who never signed in). */
  async lookupUser(username: string): Promise<LdapUser> {
    if (!username || username.length > 256) throw new LdapError('user_not_found');
    return this.withService(async (search) => {
      const entry = await this.findUserEntry(search, username);
      return this.toUser(entry, await this.groupsWith(search, entry), username);
    });
  }

  /** Administration → Authentication → "Test user": what Wharf would see at sign-in, minus the password check. */
  async testUser(username: string): Promise<{ user: LdapUser; latencyMs: number }> {
    const started = performance.now();
    const user = await this.lookupUser(username);
    return { user, latencyMs: Math.round(performance.now() - started) };
  }

  /**
   * Users whose username or display name (and, with `byEmail`, for admins only, email) starts
   * with `query` (member typeahead), within LDAP_USER_FILTER, sorted by username. Finds users
   * who never signed in to Wharf.
   */
  async searchUsers(
    query: string,
    limit = 10,
    { byEmail = false }: { byEmail?: boolean } = {},
  ): Promise<LdapDirectoryUser[]> {
    const c = this.config;
    if (!c.baseDn) return []; // DN-template-only setups have nowhere to search
    const q = escapeFilterValue(query.trim());
    const n = Math.max(1, Math.min(100, Math.floor(limit)));
    const within = c.userFilter.replaceAll('{username}', '*');
    const byEmailFilter = byEmail ? `(${c.emailAttr}=${q}*)` : '';
    const filter = `(&${within}(|(${c.usernameAttr}=${q}*)(${c.displayNameAttr}=${q}*)${byEmailFilter}))`;
    // With sizeLimit the server stops at n entries and says so; ldapts returns those n.
    const { searchEntries } = await this.withService((search) =>
      search(c.baseDn, { scope: 'sub', filter, attributes: this.userAttributes(), sizeLimit: n }),
    );
    return searchEntries
      .map((e) => this.toUser(e, [], ''))
      .filter((u) => u.username)
      .map(({ dn, username, email, displayName }) => ({ dn, username, email, displayName }))
      .sort((a, b) => a.username.localeCompare(b.username))
      .slice(0, n);
  }

  /** Groups (within LDAP_GROUP_FILTER) whose cn starts with `query`, for adding a group as a member. */
  async searchGroups(query: string, limit = 10): Promise<LdapGroup[]> {
    const base = this.config.groupBaseDn;
    if (!base) return [];
    const n = Math.max(1, Math.min(100, Math.floor(limit)));
    const filter = `(&${this.config.groupFilter}(cn=${escapeFilterValue(query.trim())}*))`;
    const { searchEntries } = await this.withService((search) =>
      search(base, { scope: 'sub', filter, attributes: ['cn'], sizeLimit: n }),
    );
    return searchEntries
      .map((e) => ({ dn: normalizeDn(e.dn), name: first(e, 'cn') ?? e.dn }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, n);
  }

  /**
   * Administration → Authentication → "Test connection": a new connection (so the answer is
   * about now, not about the pooled one), service bind, and a base search of LDAP_BASE_DN and
   * LDAP_GROUP_BASE_DN, each reported by name if missing.
   */
  async testConnection(): Promise<{ latencyMs: number }> {
    this.assertUsable();
    const started = performance.now();
    let client: Client;
    try {
      client = await this.openService();
    } catch (err) {
      throw this.classify(err);
    }
    try {
      const bases: Array<[string, string]> = [
        ['LDAP_BASE_DN', this.config.baseDn],
        ...(this.config.groupBaseDn
          ? [['LDAP_GROUP_BASE_DN', this.config.groupBaseDn] as [string, string]]
          : []),
      ];
      for (const [setting, base] of bases) {
        if (!base) continue;
        try {
          await client.search(base, { scope: 'base', attributes: ['1.1'] });
        } catch (err) {
          if (resultCode(err) === RC.noSuchObject)
            throw new LdapError(
              'config',
              `${setting} "${base}" does not exist (or the service account cannot see it)`,
            );
          throw err;
        }
      }
      return { latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      throw this.classify(err);
    } finally {
      void client.unbind().catch(noop);
    }
  }

  /** Closes the pooled connections (tests, shutdown). The client reconnects if used again. */
  async close(): Promise<void> {
    const s = this.service;
    const binders = this.binders.splice(0);
    this.service = undefined;
    this.current = undefined;
    await Promise.all([
      s?.then((c) => c.unbind()).catch(noop),
      ...binders.map((c) => c.unbind().catch(noop)),
    ]);
  }
}

/** Settings that cannot work, found before any request (a clear message instead of odd results). */
function checkConfig(c: LdapConfig): string | null {
  if (!/^ldaps?:\/\/[^\s/]+/.test(c.url)) return `LDAP_URL "${c.url}" is not an ldap:// or ldaps:// URL`;
  if (c.bindDn && !c.bindPassword) {
    return 'LDAP_BIND_PASSWORD is empty: a bind with a DN and no password is an unauthenticated (anonymous) bind';
  }
  if (!c.userDnTemplate) {
    if (!c.baseDn) return 'LDAP_BASE_DN is required (or LDAP_USER_DN_TEMPLATE)';
    // Without {username} every sign-in would search the same entry: anyone could sign in as it.
    if (!c.userFilter.includes('{username}'))
      return `LDAP_USER_FILTER "${c.userFilter}" must contain {username}`;
  }
  for (const [setting, filter] of [
    ['LDAP_USER_FILTER', c.userFilter.replaceAll('{username}', 'x')],
    ['LDAP_GROUP_FILTER', `(&${c.groupFilter}(member=x))`],
  ] as const) {
    try {
      FilterParser.parseString(filter);
    } catch (err) {
      return `${setting} is not a valid LDAP filter (${(err as Error).message})`;
    }
  }
  for (const [setting, attr] of [
    ['LDAP_USERNAME_ATTR', c.usernameAttr],
    ['LDAP_EMAIL_ATTR', c.emailAttr],
    ['LDAP_DISPLAY_NAME_ATTR', c.displayNameAttr],
  ] as const) {
    if (!/^[A-Za-z][\w-]*$/.test(attr)) return `${setting} "${attr}" is not an attribute name`;
  }
  return null;
}

/** The server's diagnostic message of an LDAP result, without ldapts' " Code: 0x31" suffix. */
function serverText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = resultCode(err);
  const trimmed = message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return trimmed || (code !== undefined ? `result code ${code}` : 'no details');
}

/** All values of an attribute, whatever case the server used for its name. */
function values(entry: Entry, attr: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attr.toLowerCase());
  const v = key === undefined ? undefined : entry[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

function first(entry: Entry, attr: string): string | null {
  return values(entry, attr)[0] ?? null;
}
