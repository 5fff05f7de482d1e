// Integration: the SQL round trips of adding a project member, on a real (embedded) PostgreSQL.
// A browser request's work is its session lookup plus the lib call its route makes; the
// Members page refresh after it reads the project, its members and its robots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, sqlRoundTrips, type TestDatabase } from '@/lib/testing/database';

let database: TestDatabase | undefined;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.WHARF_URL = 'http://127.0.0.1:3000';
});

afterAll(async () => {
  const { db } = await import('@/lib/db');
  await db.$disconnect();
  await database?.stop();
});

describe('adding a member (integration, embedded PostgreSQL)', () => {
  it('costs few SQL round trips, and the answer is the row the member list shows', async () => {
    const { db } = await import('@/lib/db');
    const { createSession } = await import('@/lib/auth/sessions');
    const { resolveSession } = await import('@/lib/auth/credentials');
    const { addMember, updateMemberRole } = await import('@/lib/members/mutations');
    const { listMembers } = await import('@/lib/members/queries');
    const { getProject } = await import('@/lib/projects/queries');
    const { listProjectRobots } = await import('@/lib/robots/mutations');

    const owner = await db.user.create({ data: { username: 'owner', passwordHash: null } });
    await db.user.create({ data: { username: 'bob', displayName: 'Bob B', email: 'bob@wharf.test' } });
    await db.project.create({
      data: { name: 'alpha', members: { create: { userId: owner.id, role: 'projectAdmin' } } },
    });
    const sid = await createSession({ user: owner, method: 'password', ip: '127.0.0.1' });
    const request = async <T>(
      handler: (actor: NonNullable<Awaited<ReturnType<typeof resolveSession>>>) => Promise<T>,
    ) => {
      const actor = await resolveSession(sid);
      return handler({ ...actor!, ip: '127.0.0.1' });
    };

    // POST /api/v1/projects/alpha/members
    const post = await sqlRoundTrips(() =>
      request((actor) =>
        addMember({ actor, ip: '127.0.0.1' }, 'alpha', { username: 'bob', role: 'developer' }),
      ),
    );
    // GET /api/v1/projects/alpha/members
    const get = await sqlRoundTrips(() => request((actor) => listMembers('alpha', actor)));
    // The Members page (router.refresh): project, members, robots.
    const page = await sqlRoundTrips(() =>
      request(async (actor) => {
        await getProject('alpha', actor);
        await listMembers('alpha', actor);
        await listProjectRobots('alpha', actor);
      }),
    );
    console.log(
      `SQL round trips for adding a member: POST ${post.queries.length}, GET members ${get.queries.length}, members page ${page.queries.length}`,
    );

    // The answer is the row GET lists, so the client needs no second request for it.
    expect(get.result.find((m) => m.username === 'bob')).toEqual(post.result);
    expect(post.result).toMatchObject({
      kind: 'user',
      username: 'bob',
      displayName: 'Bob B',
      role: 'developer',
    });
    // Session (2), permission check (2), the user (1), the insert, the audit row, the webhooks
    // to notify: 8. It was 13 when the answer was re-read through the permission check.
    expect(post.queries.length, post.queries.join('\n')).toBeLessThanOrEqual(8);

    // Changing the role and adding a group answer in the list's shape too.
    const changed = await request((actor) =>
      updateMemberRole({ actor, ip: '127.0.0.1' }, 'alpha', post.result.id, 'maintainer'),
    );
    const group = await request((actor) =>
      addMember({ actor, ip: '127.0.0.1' }, 'alpha', {
        group: 'CN=Devs, OU=Groups, DC=wharf',
        role: 'guest',
      }),
    );
    const after = await request((actor) => listMembers('alpha', actor));
    expect(after.find((m) => m.id === changed.id)).toEqual(changed);
    expect(after.find((m) => m.id === group.id)).toEqual(group);
    expect(changed.role).toBe('maintainer');
    expect(group).toMatchObject({ kind: 'group', group: 'cn=devs,ou=groups,dc=wharf', groupName: 'devs' });
  });
});
