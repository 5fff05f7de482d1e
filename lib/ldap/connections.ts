// The LDAP client's connections: one service-bound connection shared by every search (LDAP
// multiplexes requests by message id) and a few idle connections kept for user binds; TCP,
// ldaps:// or StartTLS with a CA file and verification on by default; connect and operation
// timeouts; a closed connection replaced and the operation retried once.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { Client } from 'ldapts';
import type { LdapConfig } from '@/lib/ldap/config';
import type { Search } from '@/lib/ldap/entries';
import {
  classifyLdapError,
  connectionClosed,
  describeError,
  LdapError,
  RC,
  resultCode,
  serverDown,
  serverText,
  StaleConnection,
} from '@/lib/ldap/errors';
import { log } from '@/lib/log';
import { timeLdapBind } from '@/lib/metrics';

export const noop = () => undefined;

/** Idle user-bind connections kept per client: enough for a burst of parallel sign-ins. */
const MAX_IDLE_BINDERS = 4;

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

export class LdapConnections {
  /** The service-bound connection shared by all requests (LDAP multiplexes requests by message id). */
  private service?: Promise<Client>;
  private current?: Client;
  /** Idle connections for user binds (see asUser). */
  private binders: Client[] = [];
  /** StartTLS connections whose socket the server closed (ldapts does not notice, see connect). */
  private readonly lost = new WeakSet<Client>();
  private ca?: Buffer;
  private readonly host: string;

  constructor(private readonly config: LdapConfig) {
    this.host = (() => {
      try {
        return new URL(config.url).hostname.replace(/^\[|\]$/g, '');
      } catch {
        return '';
      }
    })();
  }

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
          throw new LdapError('tls', `the server refused StartTLS (${describeError(err)})`);
        throw classifyLdapError(err, this.config);
      }
    }
    return client;
  }

  /** A new connection bound as the service account (when there is one); the caller closes it. */
  async openService(): Promise<Client> {
    const client = await this.connect();
    const { bindDn, bindPassword } = this.config;
    if (bindDn) {
      try {
        await timeLdapBind(() => client.bind(bindDn, bindPassword ?? ''));
      } catch (err) {
        void client.unbind().catch(noop);
        if (resultCode(err) === RC.invalidCredentials)
          throw new LdapError('bad_bind', `${bindDn} was refused`);
        throw classifyLdapError(err, this.config);
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
      log.warn('LDAP service connection dropped', { url: this.config.url, reason: describeError(reason) });
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
  async withService<T>(op: (search: Search) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Client;
      try {
        client = await this.serviceClient();
      } catch (err) {
        throw classifyLdapError(err, this.config);
      }
      const search: Search = (base, options) =>
        this.usable(client) ? client.search(base, options) : Promise.reject(new StaleConnection());
      try {
        return await op(search);
      } catch (err) {
        if (LdapError.is(err)) throw err;
        if (resultCode(err) !== undefined && !serverDown(err)) throw classifyLdapError(err, this.config);
        this.dropService(client, err);
        if (attempt < 2 && connectionClosed(err)) continue;
        throw classifyLdapError(err, this.config);
      }
    }
  }

  /**
   * Binds as the user on a connection kept only for user binds; `then` runs on it while it is
   * bound. Binders are reused (no TCP/TLS handshake per sign-in) but never shared: an LDAP bind
   * must not overlap other requests on its connection.
   */
  async asUser<T>(
    dn: string,
    password: string,
    then: (search: Search, client: Client) => Promise<T>,
    /** Counted in wharf_ldap_bind_duration_seconds (not Wharf's own refused binds: LdapClient.refusedBind). */
    { timed = true }: { timed?: boolean } = {},
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const pooled = attempt === 1 ? this.idleBinder() : undefined;
      const client = pooled ?? (await this.connect());
      let keep = false;
      try {
        try {
          if (timed) await timeLdapBind(() => client.bind(dn, password));
          else await client.bind(dn, password);
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
        throw classifyLdapError(err, this.config);
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
