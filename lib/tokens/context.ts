// The token endpoint's data in one round trip: the user row (when known from the
// credential cache) and every project the scopes name with the caller's roles in it.
// Plain SQL on the shared pg pool on purpose: this is Wharf's hottest query, and Prisma's
// per-query overhead was most of a token request's time (scripts/bench/token-bench.ts).
import 'server-only';
import { pool } from '@/lib/db';
import { cached, peekCached } from '@/lib/cluster/epoch-cache';
import type { ProjectRole } from '@/lib/permissions';
import type { PublicUser } from '@/lib/users/queries';

/** A project the scopes name, with its network rules, quota and usage (epoch-cached: see lib/policies/usage.ts). */
export type ProjectRow = {
  name: string;
  isPublic: boolean;
  anonymousPullCidrs: string[];
  pushCidrs: string[];
  quotaBytes: number | null;
  usedBytes: number;
  roles: ProjectRole[];
};
export type TokenContext = { user: PublicUser | null; projects: ProjectRow[] };

type Row = {
  id: number | null;
  username: string | null;
  email: string | null;
  displayName: string | null;
  source: 'LOCAL' | 'LDAP' | 'OIDC' | null;
  isAdmin: boolean | null;
  disabledAt: Date | null;
  createdAt: Date | null;
  lastLoginAt: Date | null;
  credentialsChangedAt: Date | null;
  ldapDn: string | null;
  ldapGroups: string[] | null;
  oidcGroups: string[] | null;
  ldapSyncedAt: Date | null;
  ldapStamp: string | null;
  projects: ProjectRow[] | null;
};

/**
 * The user row and the named projects with the user's roles: direct ones and those of the
 * LDAP and OIDC groups on the user row (the same groups every credential kind sees).
 */
type ContextOptions = { userId: number | null; projectNames: readonly string[] };

/**
 * The user row and the named projects with the user's roles, cached for the cache epoch: any
 * change to users, memberships or projects anywhere empties the cache (lib/cluster/events.ts).
 */
export function loadTokenContext(options: ContextOptions): Promise<TokenContext> {
  return cached('token-context', contextKey(options), () => queryTokenContext(options));
}

/** What `loadTokenContext` would answer from the cache now, without waiting; else undefined. */
export function peekTokenContext(options: ContextOptions): TokenContext | undefined {
  return peekCached('token-context', contextKey(options));
}

const contextKey = ({ userId, projectNames }: ContextOptions) =>
  `${userId ?? ''}|${[...projectNames].sort().join(',')}`;

async function queryTokenContext({ userId, projectNames }: ContextOptions): Promise<TokenContext> {
  const uid = userId ?? -1;
  const { rows } = await pool().query<Row>(
    `SELECT u.id, u.username, u.email, u."displayName", u.source::text AS source, u."isAdmin", u."disabledAt",
           u."createdAt", u."lastLoginAt", u."credentialsChangedAt",
           u."ldapDn", u."ldapGroups", u."oidcGroups", u."ldapSyncedAt", u."ldapStamp",
           (SELECT COALESCE(json_agg(json_build_object(
                     'name', p.name,
                     'isPublic', p."isPublic",
                     'anonymousPullCidrs', p."anonymousPullCidrs",
                     'pushCidrs', p."pushCidrs",
                     'quotaBytes', p."quotaBytes",
                     'usedBytes', p."usedBytes",
                     'roles', (SELECT COALESCE(json_agg(m.role), '[]'::json) FROM "Member" m
                               WHERE m."projectId" = p.id AND (m."userId" = $1
                                 OR (m."groupSource" = 'LDAP' AND m."groupDn" = ANY(u."ldapGroups"))
                                 OR (m."groupSource" = 'OIDC' AND m."groupDn" = ANY(u."oidcGroups")))))), '[]'::json)
              FROM "Project" p WHERE p.name = ANY($2::text[])) AS projects
       FROM (SELECT 1) AS one LEFT JOIN "User" u ON u.id = $1`,
    [uid, [...projectNames]],
  );
  const r = rows[0]!;
  const user: PublicUser | null =
    r.id === null
      ? null
      : {
          id: r.id,
          username: r.username!,
          email: r.email,
          displayName: r.displayName,
          source: r.source!,
          isAdmin: r.isAdmin!,
          disabledAt: r.disabledAt,
          createdAt: r.createdAt!,
          lastLoginAt: r.lastLoginAt,
          credentialsChangedAt: r.credentialsChangedAt!,
          ldapDn: r.ldapDn,
          ldapGroups: r.ldapGroups ?? [],
          oidcGroups: r.oidcGroups ?? [],
          ldapSyncedAt: r.ldapSyncedAt,
          ldapStamp: r.ldapStamp,
        };
  return { user, projects: r.projects ?? [] };
}
