// Refresh tokens: what `docker login` stores as its identity token. Minted by newSecret
// (lib/auth/secrets.ts), stored only as hashes, revocable, and bound to what they were made
// with: a login with a personal access token records the token, is read-only when it is,
// expires with it at the latest, and dies when it is revoked. Every refresh token also records
// the user's credentials version: a password change, reset or disable ends it.
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { notFound } from '@/lib/errors';
import { hashSecret, looksMinted, newSecret, REFRESH_TOKEN_PREFIX } from '@/lib/auth/secrets';
import {
  auditActor,
  requireInteractiveCredential,
  type Actor,
  type CredentialInfo,
  type LoginMethod,
} from '@/lib/auth/actor';
import { recordAudit } from '@/lib/audit/record';
import { cached, touchDue } from '@/lib/cluster/epoch-cache';
import { publicUserSelect, type PublicUser } from '@/lib/users/queries';
import { getVisibleUserOrThrow } from '@/lib/users/resolve';

export type IssueRefreshOptions = {
  user: PublicUser;
  /** The credential the login was made with (password or personal access token). */
  source: CredentialInfo;
  clientId?: string;
  userAgent?: string;
  ip?: string;
};

export async function issueRefreshToken({
  user,
  source,
  clientId,
  userAgent,
  ip,
}: IssueRefreshOptions): Promise<string> {
  const { secret, hash, display } = newSecret(REFRESH_TOKEN_PREFIX);
  const lifetimeEnd = Date.now() + getEnv().REFRESH_TOKEN_LIFETIME * 1000;
  const sourceEnd = source.expiresAt?.getTime() ?? Infinity;
  await db.refreshToken.create({
    data: {
      userId: user.id,
      tokenHash: hash,
      prefix: display.slice(0, 16),
      clientId: clientId?.slice(0, 128),
      userAgent: userAgent?.slice(0, 256),
      sourceIp: ip,
      expiresAt: new Date(Math.min(lifetimeEnd, sourceEnd)),
      method: source.method,
      personalTokenId: source.tokenId ?? null,
      readOnly: source.readOnly,
      credentialsVersion: user.credentialsChangedAt,
    },
  });
  return secret;
}

export type RedeemedRefreshToken = { user: PublicUser; credential: CredentialInfo };

const alive = (d: Date | null | undefined) => !d || d.getTime() > Date.now();

/**
 * The user and provenance of a refresh token, or null: unknown, expired, revoked, minted
 * before the user's last credential change, or made with a personal access token that is now
 * revoked or expired. Never grants more than its source: read-only stays read-only.
 */
export async function redeemRefreshToken(token: string): Promise<RedeemedRefreshToken | null> {
  if (!looksMinted(token, REFRESH_TOKEN_PREFIX)) return null;
  const hash = hashSecret(token);
  const row = await cached('refresh-token', hash, () =>
    db.refreshToken.findUnique({
      where: { tokenHash: hash },
      include: {
        user: { select: publicUserSelect },
        personalToken: { select: { id: true, name: true, readOnly: true, revokedAt: true, expiresAt: true } },
      },
    }),
  );
  if (!row || row.revokedAt || !alive(row.expiresAt)) return null;
  const { user, personalToken: pat } = row;
  if (user.disabledAt || row.credentialsVersion?.getTime() !== user.credentialsChangedAt.getTime())
    return null;
  if (row.method === 'token' && (!pat || pat.revokedAt || !alive(pat.expiresAt))) return null;
  // lastUsedAt at most once a minute: the token hot path should not write on every request.
  if (touchDue(`refresh:${row.id}`, row.lastUsedAt)) {
    await db.refreshToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    user,
    credential: {
      kind: 'refresh',
      id: row.id,
      expiresAt: row.expiresAt,
      readOnly: row.readOnly || !!pat?.readOnly,
      method: row.method as LoginMethod,
      tokenId: pat?.id ?? null,
      tokenName: pat?.name ?? null,
    },
  };
}

export type DockerLogin = {
  id: number;
  prefix: string;
  /** What the login was made with: `password`, `ldap` (directory password) or `token`. */
  method: LoginMethod;
  /** The personal access token's name for `token` logins. */
  tokenName: string | null;
  readOnly: boolean;
  clientId: string | null;
  userAgent: string | null;
  sourceIp: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
};

/** The user's docker logins that still work (Account page). */
export async function listDockerLogins(actor: Actor, username: string): Promise<DockerLogin[]> {
  const user = await getVisibleUserOrThrow(actor, username);
  const now = new Date();
  const rows = await db.refreshToken.findMany({
    where: {
      userId: user.id,
      revokedAt: null,
      expiresAt: { gt: now },
      credentialsVersion: user.credentialsChangedAt,
      OR: [
        { personalTokenId: null },
        {
          personalToken: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
        },
      ],
    },
    include: { personalToken: { select: { name: true, readOnly: true } } },
    orderBy: { createdAt: 'desc' },
  });
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    method: r.method as LoginMethod,
    tokenName: r.personalToken?.name ?? null,
    readOnly: r.readOnly || !!r.personalToken?.readOnly,
    clientId: r.clientId,
    userAgent: r.userAgent,
    sourceIp: r.sourceIp,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** Revokes one docker login; its client must log in again. Needs a session or the password. */
export async function revokeDockerLogin(
  { actor, ip }: { actor: Actor; ip: string },
  username: string,
  id: number,
): Promise<void> {
  const user = await getVisibleUserOrThrow(actor, username);
  requireInteractiveCredential(actor);
  const { count } = await db.refreshToken.updateMany({
    where: { id, userId: user.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw notFound(`docker login ${id}`);
  await recordAudit({
    ...auditActor(actor),
    action: 'docker-login.revoke',
    targetType: 'user',
    target: user.username,
    sourceIp: ip,
    detail: { id },
  });
}
