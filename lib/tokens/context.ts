// The token endpoint's data in one round trip: the user row (when known from the
// credential cache) and every project the scopes name with the caller's roles in it.
// Plain SQL on the shared pg pool on purpose: this is Wharf's hottest query, and Prisma's
// per-query overhead was most of a token request's time (scripts/bench/token-bench.ts).
import 'server-only';
import { pool } from '@/lib/db';
import type { ProjectRole } from '@/lib/permissions';
import type { PublicUser } from '@/lib/users/queries';

export type ProjectRow = { name: string; isPublic: boolean; roles: ProjectRole[] };
export type TokenContext = { user: PublicUser | null; projects: ProjectRow[] };

type Row = {
  id: number | null;
  username: string | null;
  email: string | null;
  displayName: string | null;
  source: 'LOCAL' | 'LDAP' | null;
  isAdmin: boolean | null;
  disabledAt: Date | null;
  createdAt: Date | null;
  lastLoginAt: Date | null;
  credentialsChangedAt: Date | null;
  projects: ProjectRow[] | null;
};

export async function loadTokenContext({
  userId,
  groups,
  projectNames,
}: {
  userId: number | null;
  groups: readonly string[];
  projectNames: readonly string[];
}): Promise<TokenContext> {
  const uid = userId ?? -1;
  const groupDns = groups.map((g) => g.toLowerCase());
  const { rows } = await pool().query<Row>(
    `SELECT u.id, u.username, u.email, u."displayName", u.source::text AS source, u."isAdmin", u."disabledAt",
           u."createdAt", u."lastLoginAt", u."credentialsChangedAt",
           (SELECT COALESCE(json_agg(json_build_object(
                     'name', p.name,
                     'isPublic', p."isPublic",
                     'roles', (SELECT COALESCE(json_agg(m.role), '[]'::json) FROM "Member" m
                               WHERE m."projectId" = p.id AND (m."userId" = $1 OR m."groupDn" = ANY($2::text[]))))), '[]'::json)
              FROM "Project" p WHERE p.name = ANY($3::text[])) AS projects
       FROM (SELECT 1) AS one LEFT JOIN "User" u ON u.id = $1`,
    [uid, groupDns, [...projectNames]],
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
        };
  return { user, projects: r.projects ?? [] };
}
