// LDAP failures: every one is an LdapError whose `kind` tells the app what to say (wrong
// credentials vs. directory down) and whose message tells an administrator which step failed.
// classifyLdapError turns what ldapts and the socket throw into one.

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

/** A pooled connection turned out closed before a request was sent on it. */
export class StaleConnection extends Error {
  constructor() {
    super('the connection to the LDAP server was closed');
  }
}

/** LDAP result codes (RFC 4511) we treat specially. */
export const RC = {
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

export function resultCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The server is there but will not serve now: treat like an outage and drop the connection. */
export function serverDown(err: unknown): boolean {
  const code = resultCode(err);
  return code === RC.busy || code === RC.unavailable;
}

/** The socket went away (server restart, idle timeout, reset): a retry on a new connection may work. */
export function connectionClosed(err: unknown): boolean {
  if (err instanceof StaleConnection) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    /ECONNRESET|EPIPE/.test(String(e?.code)) ||
    /Connection closed|Socket error|Socket connection not established/i.test(String(e?.message))
  );
}

const TLS_ERROR_CODE =
  /^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/** The server's diagnostic message of an LDAP result, without ldapts' " Code: 0x31" suffix. */
export function serverText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = resultCode(err);
  const trimmed = message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return trimmed || (code !== undefined ? `result code ${code}` : 'no details');
}

/** A socket or TLS error with its code (ECONNREFUSED, CERT_…) in front when the message lacks it. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** What went wrong talking to the server at `url`, as the LdapError an administrator can act on. */
export function classifyLdapError(
  err: unknown,
  { url, timeoutMs }: { url: string; timeoutMs: number },
): LdapError {
  if (LdapError.is(err)) return err;
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
    return new LdapError('tls', `${url}: ${describeError(err)}`);
  }
  if (/timed out|timeout/i.test(message) || sysCode === 'ETIMEDOUT')
    return new LdapError('timeout', `${url}: no answer within ${timeoutMs} ms`);
  return new LdapError('unreachable', `${url}: ${describeError(err)}`);
}
