// OpenID Connect in Wharf: the settings (OIDC_*), the Wharf record of an OIDC user and the
// groups seen at sign-ins. The user row holds what the provider said at the last sign-in
// (groups, admin): every credential kind (session, personal access token, docker login)
// reads an OIDC user's groups from there, like a directory user's.
import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError, conflict, forbidden } from '@/lib/errors';
import { log } from '@/lib/log';
import { publicUserSelect, type PublicUser } from '@/lib/users/queries';
import type { OidcClaims } from '@/lib/oidc/claims';

/** next-auth's id for the provider (its routes are /api/auth/signin/oidc, /api/auth/callback/oidc). */
export const OIDC_PROVIDER_ID = 'oidc';

export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  usernameClaim: string;
  groupsClaim: string;
  adminGroup: string | null;
  name: string;
};

/** The OIDC settings, or null when OIDC_ISSUER is not set (env validation requires the rest then). */
export function oidcSettings(): OidcSettings | null {
  const e = getEnv();
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    scopes: e.OIDC_SCOPES,
    usernameClaim: e.OIDC_USERNAME_CLAIM,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    adminGroup: e.OIDC_ADMIN_GROUP ?? null,
    name: e.OIDC_NAME,
  };
}

export const nameTaken = (username: string) =>
  conflict(
    `The name ${username} belongs to an existing Wharf account that does not sign in with single sign-on; ask an administrator.`,
  );

/**
 * Creates or refreshes the Wharf record of an OIDC user at sign-in (email, display name,
 * groups; admin when OIDC_ADMIN_GROUP is set). A local or LDAP user of the same name is never
 * taken over, nor an OIDC user of another subject: 409 then. A disabled user stays disabled: 403.
 */
export async function upsertOidcUser(claims: OidcClaims): Promise<PublicUser> {
  const settings = oidcSettings();
  const existing = await db.user.findUnique({
    where: { username: claims.username },
    select: { id: true, source: true, disabledAt: true, oidcSubject: true },
  });
  if (existing && (existing.source !== 'OIDC' || existing.oidcSubject !== claims.subject)) {
    log.warn('OIDC sign-in refused: the name belongs to another account', {
      username: claims.username,
      source: existing.source,
    });
    throw nameTaken(claims.username);
  }
  if (existing?.disabledAt) throw forbidden(`The account ${claims.username} is disabled in Wharf.`);
  const data = {
    email: claims.email,
    displayName: claims.displayName,
    oidcGroups: claims.groups,
    lastLoginAt: new Date(),
    ...(settings?.adminGroup ? { isAdmin: claims.groups.includes(settings.adminGroup) } : {}),
  };
  try {
    return await db.user.upsert({
      where: { username: claims.username },
      create: {
        username: claims.username,
        source: 'OIDC',
        passwordHash: null,
        oidcSubject: claims.subject,
        ...data,
      },
      update: data,
      select: publicUserSelect,
    });
  } catch (err) {
    // Another name already holds this subject (the provider renamed the user), or a local
    // user of this name was created at the same moment.
    if ((err as { code?: string }).code === 'P2002') {
      log.warn('OIDC sign-in refused: subject or name already taken', { username: claims.username });
      throw new AppError(
        'conflict',
        `This single sign-on account is already linked to another Wharf user name than ${claims.username}; ask an administrator.`,
      );
    }
    throw err;
  }
}

/** OIDC group names seen at sign-ins (the group picker's suggestions), filtered by a substring. */
export async function seenOidcGroups(q: string, limit = 20): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ name: string }>>`
    SELECT DISTINCT g AS name FROM "User", unnest("oidcGroups") AS g
     WHERE "source" = 'OIDC' AND strpos(lower(g), ${q.toLowerCase()}) > 0
     ORDER BY g LIMIT ${limit}`;
  return rows.map((r) => r.name);
}
