// Who is making a request: the principal every credential resolves to (lib/auth/credentials.ts).
// A user principal carries its provenance: which credential, its id and expiry, read-only or not,
// and the user's directory groups (read the same way for every credential kind).
import 'server-only';
import { AppError, forbidden } from '@/lib/errors';
import type { PublicUser } from '@/lib/users/queries';

/**
 * The kind of credential a request came with. `password` covers local and directory (LDAP)
 * passwords (`method` tells which); `refresh` is docker's identity token (refresh grant).
 */
export type CredentialKind = 'session' | 'password' | 'token' | 'refresh' | 'robot';
/** What a session or refresh token was originally made with. */
export type LoginMethod = 'password' | 'ldap' | 'token' | 'oidc';

export type CredentialInfo = {
  kind: CredentialKind;
  /** Row id of the session, token, refresh token or robot (null for a bare password). */
  id: number | null;
  expiresAt: Date | null;
  readOnly: boolean;
  method: LoginMethod;
  /** The personal access token behind a `token` credential or a login made with one. */
  tokenId?: number | null;
  tokenName?: string | null;
};

export type UserActor = {
  kind: 'user';
  user: PublicUser;
  /** LDAP group DNs (lower-case) from the user row. */
  groups: readonly string[];
  /** OIDC group names from the user row (as of the last OIDC sign-in): a namespace of their own. */
  oidcGroups: readonly string[];
  /** Read-only personal access token (or a login made with one): pull and reads only. */
  readOnly?: boolean;
  credential?: CredentialInfo;
  /** The client address of the request (network rules); unset outside a request. */
  ip?: string;
};

/** A robot; `allowedCidrs`: the networks its credential works from (empty = anywhere). */
export type RobotPrincipal = { id: number; name: string; allowedCidrs: readonly string[] };

export type Actor = UserActor | { kind: 'anonymous'; ip?: string };
/** Everything a credential can resolve to; robots exist only at the registry's token endpoint. */
export type Principal = Actor | { kind: 'robot'; robot: RobotPrincipal; credential: CredentialInfo };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export function userActor(
  user: PublicUser,
  groups: readonly string[] = user.ldapGroups,
  readOnly = false,
  credential?: CredentialInfo,
): UserActor {
  return {
    kind: 'user',
    user,
    groups,
    oidcGroups: user.oidcGroups,
    ...(readOnly ? { readOnly } : {}),
    ...(credential ? { credential } : {}),
  };
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.user.isAdmin && !actor.readOnly;
}

export function actorUser(actor: Actor): PublicUser | null {
  return actor.kind === 'user' ? actor.user : null;
}

/** The actor as a system administrator, or 401/403. */
export function requireAdminActor(actor: Actor): PublicUser {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'sign in first');
  if (!actor.user.isAdmin) throw forbidden('Only system administrators can do this.');
  return actor.user;
}

/**
 * Managing credentials (personal access tokens, robots, passwords, docker logins) needs a
 * browser session or the account password: a token never mints or changes credentials, so a
 * derived credential can never outlive or outrank the one it came from.
 */
export function requireInteractiveCredential(actor: Actor): void {
  if (actor.kind !== 'user') throw new AppError('unauthorized', 'sign in first');
  const kind = actor.credential?.kind;
  if (kind !== 'session' && kind !== 'password')
    throw forbidden(
      'Managing credentials needs a browser session or your password, not a token: sign in or use HTTP Basic with your password.',
    );
}

/** Who an audit event names: the user, and the personal access token they acted with. */
export function auditActor(actor: Actor): { actor: PublicUser | null; tokenName: string | null } {
  return {
    actor: actorUser(actor),
    tokenName: actor.kind === 'user' ? (actor.credential?.tokenName ?? null) : null,
  };
}
