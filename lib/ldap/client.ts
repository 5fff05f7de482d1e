// LDAP with ldapts: bind-search-rebind (service bind, find the user by a filter with the
// username escaped per RFC 4515, bind as the user's DN) or a direct bind with a DN template;
// directory search for the member typeahead; the Administration tests. Settings in
// lib/ldap/config.ts, connections in lib/ldap/connections.ts, entries and groups in
// lib/ldap/entries.ts, DN grammar in lib/ldap/dn.ts, failures in lib/ldap/errors.ts.
import { randomBytes } from 'node:crypto';
import type { Client, Entry } from 'ldapts';
import { checkConfig, normalizeConfig, type LdapConfig } from '@/lib/ldap/config';
import { LdapConnections, noop } from '@/lib/ldap/connections';
import { escapeDnValue, escapeFilterValue, normalizeDn } from '@/lib/ldap/dn';
import {
  findUserEntry,
  first,
  groupsOf,
  memberOf,
  toUser,
  userAttributes,
  type LdapDirectoryUser,
  type LdapGroup,
  type LdapUser,
  type Search,
} from '@/lib/ldap/entries';
import { classifyLdapError, LdapError, RC, resultCode } from '@/lib/ldap/errors';
import { log } from '@/lib/log';

/** A name worth asking the directory about: not empty, bounded, no NUL (it goes into a filter or a DN). */
const askableName = (username: string) => !!username && username.length <= 256 && !username.includes('\0');

export class LdapClient {
  /** A problem with the settings themselves, reported by every call instead of a confusing server error. */
  private readonly problem: string | null;
  private readonly connections: LdapConnections;

  readonly config: LdapConfig;

  constructor(settings: LdapConfig) {
    const config = normalizeConfig(settings);
    this.config = config;
    this.connections = new LdapConnections(config);
    this.problem = checkConfig(config);
    if (this.problem) log.error('LDAP settings are not usable', { problem: this.problem });
    if (!config.tlsVerify && (config.startTls || config.url.startsWith('ldaps://'))) {
      log.warn(
        'LDAP TLS certificate verification is off (LDAP_TLS_VERIFY=false): the directory connection can be intercepted',
      );
    }
  }

  private assertUsable(): void {
    if (this.problem) throw new LdapError('config', this.problem);
  }

  /** Searches on the service connection (see LdapConnections.withService), once the settings are usable. */
  private async withService<T>(op: (search: Search) => Promise<T>): Promise<T> {
    this.assertUsable();
    return this.connections.withService(op);
  }

  /**
   * Verifies a user's password and returns their entry and groups. Throws LdapError:
   * user_not_found / bad_password (show "invalid credentials"), ambiguous, or an outage kind.
   */
  async authenticate(username: string, password: string): Promise<LdapUser> {
    // A simple bind with a DN and an empty password is an "unauthenticated bind": many servers
    // (Active Directory, slapd with bind_anon_dn) answer success, as anonymous. Refuse first.
    if (password.length === 0) {
      await this.rehearseRefusal(username); // as long as any other refusal
      throw new LdapError('bad_password', 'empty password');
    }
    if (!askableName(username)) throw new LdapError('user_not_found');
    this.assertUsable();

    if (this.config.userDnTemplate) {
      const dn = this.config.userDnTemplate.replaceAll('{username}', escapeDnValue(username));
      return this.connections.asUser(dn, password, async (search) => {
        // The user's own entry through their own connection; groups through the service account if there is one.
        // A directory may not let users read their own entry: then the DN alone (an answer, not an outage).
        const own = await search(dn, { scope: 'base', attributes: userAttributes(this.config) }).catch(
          (err: unknown) => {
            if (resultCode(err) !== undefined) return null;
            throw err;
          },
        );
        const entry: Entry = own?.searchEntries[0] ?? { dn };
        const groups = this.config.bindDn
          ? await this.withService((s) => groupsOf(this.config, s, entry))
          : await groupsOf(this.config, search, entry).catch(() => memberOf(entry));
        return toUser(this.config, entry, groups, username);
      });
    }

    const entry = await this.withService((search) => findUserEntry(this.config, search, username)).catch(
      async (err: unknown) => {
        // An unknown name costs the bind a known name's wrong password costs (see refusedBind).
        if (LdapError.is(err) && err.kind === 'user_not_found') await this.refusedBind();
        throw err;
      },
    );
    // The group search runs while the user binds: on success it is ready one round trip sooner.
    const groups = this.withService((search) => groupsOf(this.config, search, entry));
    groups.catch(noop); // only awaited when the bind succeeds
    await this.connections.asUser(entry.dn, password, async () => undefined);
    return toUser(this.config, entry, await groups, username);
  }

  /**
   * The directory's part of a refused sign-in, for a name that is not the directory's to
   * check (a local user's wrong password): the same round trips a directory user's wrong
   * password takes (the user search, then a bind), so that how long a refusal takes does not
   * tell local accounts, directory accounts and unknown names apart. The secret never goes to
   * the directory and no entry is bound (see refusedBind). Never throws.
   */
  async rehearseRefusal(username: string): Promise<void> {
    if (this.problem) return;
    if (!this.config.userDnTemplate && askableName(username))
      await this.withService((search) => findUserEntry(this.config, search, username)).catch(noop);
    await this.refusedBind();
  }

  /**
   * A bind the directory refuses: a DN no entry has (random), with a random password, on the
   * user-bind connections, untimed. Binding a real entry with a wrong password would count
   * against that account where the directory locks accounts after failures.
   */
  private async refusedBind(): Promise<void> {
    const nobody = `wharf-no-such-entry-${randomBytes(8).toString('hex')}`;
    const dn = this.config.userDnTemplate
      ? this.config.userDnTemplate.replaceAll('{username}', nobody)
      : `cn=${nobody},${this.config.baseDn}`;
    await this.connections
      .asUser(dn, randomBytes(24).toString('base64url'), async () => undefined, { timed: false })
      .catch(noop);
  }

  /**
   * A known user re-read by DN through the service account (revalidation of sessions and
   * refresh tokens): entry, groups, admin and password stamp; null when the entry is gone.
   */
  async readUserByDn(dn: string, fallbackName: string): Promise<LdapUser | null> {
    return this.withService(async (search) => {
      // memberOf lives on the user entry; read it too, so memberOf-only directories work without LDAP_GROUP_BASE_DN.
      const own = await search(dn, { scope: 'base', attributes: userAttributes(this.config) }).catch(
        (err: unknown) => {
          if (resultCode(err) === RC.noSuchObject) return null;
          throw err;
        },
      );
      const entry = own?.searchEntries[0];
      if (!entry) return null;
      return toUser(this.config, entry, await groupsOf(this.config, search, entry), fallbackName);
    });
  }

  /** A user and their groups by name, without a password (adding members who never signed in). */
  async lookupUser(username: string): Promise<LdapUser> {
    if (!askableName(username)) throw new LdapError('user_not_found');
    return this.withService(async (search) => {
      const entry = await findUserEntry(this.config, search, username);
      return toUser(this.config, entry, await groupsOf(this.config, search, entry), username);
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
      search(c.baseDn, { scope: 'sub', filter, attributes: userAttributes(this.config), sizeLimit: n }),
    );
    return searchEntries
      .map((e) => toUser(this.config, e, [], ''))
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
      client = await this.connections.openService();
    } catch (err) {
      throw classifyLdapError(err, this.config);
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
      throw classifyLdapError(err, this.config);
    } finally {
      void client.unbind().catch(noop);
    }
  }

  /** Closes the pooled connections (tests, shutdown). The client reconnects if used again. */
  close(): Promise<void> {
    return this.connections.close();
  }
}
