// Integration, on a real (embedded) PostgreSQL: mutations answer the row they wrote, in the
// shape the matching GET returns, without reading it again through the permission check; and
// what adding a project member costs in SQL round trips. A browser request's work is its
// session lookup plus the lib call its route makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { startTestDatabase, sqlRoundTrips, type TestDatabase } from '@/lib/testing/database';

let database: TestDatabase | undefined;
const IP = '127.0.0.1';
/** Runs `handler` as a request of a signed-in user would: session lookup first. */
let as: Record<'owner' | 'root', <T>(handler: (actor: UserActor) => Promise<T>) => Promise<T>>;

beforeAll(async () => {
  database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  // Nothing listens there: project creation finds no registry to check (admins go on).
  process.env.REGISTRY_URL = 'http://127.0.0.1:1';
  const { db } = await import('@/lib/db');
  const { createSession } = await import('@/lib/auth/sessions');
  const { resolveSession } = await import('@/lib/auth/credentials');
  const owner = await db.user.create({ data: { username: 'owner' } });
  const root = await db.user.create({ data: { username: 'root', isAdmin: true } });
  await db.user.create({ data: { username: 'bob', displayName: 'Bob B', email: 'bob@wharf.test' } });
  await db.project.create({
    data: { name: 'alpha', members: { create: { userId: owner.id, role: 'projectAdmin' } } },
  });
  const session = async (user: typeof owner) => {
    const sid = await createSession({ user, method: 'password', ip: IP });
    return async <T>(handler: (actor: UserActor) => Promise<T>) =>
      handler({ ...(await resolveSession(sid))!, ip: IP });
  };
  as = { owner: await session(owner), root: await session(root) };
});

afterAll(async () => {
  const { db } = await import('@/lib/db');
  await db.$disconnect();
  await database?.stop();
});

describe('mutations answer the row they wrote (integration, embedded PostgreSQL)', () => {
  it('adding a member costs few SQL round trips and answers the row the member list shows', async () => {
    const { addMember, updateMemberRole } = await import('@/lib/members/mutations');
    const { listMembers } = await import('@/lib/members/queries');
    const { getProject } = await import('@/lib/projects/queries');
    const { listProjectRobots } = await import('@/lib/robots/mutations');

    // POST /api/v1/projects/alpha/members
    const post = await sqlRoundTrips(() =>
      as.owner((actor) => addMember({ actor, ip: IP }, 'alpha', { username: 'bob', role: 'developer' })),
    );
    // GET /api/v1/projects/alpha/members
    const get = await sqlRoundTrips(() => as.owner((actor) => listMembers('alpha', actor)));
    // The Members page (router.refresh): project, members, robots.
    const page = await sqlRoundTrips(() =>
      as.owner(async (actor) => {
        await getProject('alpha', actor);
        await listMembers('alpha', actor);
        await listProjectRobots('alpha', actor);
      }),
    );
    console.log(
      `SQL round trips around adding a member: POST ${post.queries.length}, GET members ${get.queries.length}, members page ${page.queries.length}`,
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
    const changed = await as.owner((actor) =>
      updateMemberRole({ actor, ip: IP }, 'alpha', post.result.id, 'maintainer'),
    );
    const group = await as.owner((actor) =>
      addMember({ actor, ip: IP }, 'alpha', { group: 'CN=Devs, OU=Groups, DC=wharf', role: 'guest' }),
    );
    const after = await as.owner((actor) => listMembers('alpha', actor));
    expect(after.find((m) => m.id === changed.id)).toEqual(changed);
    expect(after.find((m) => m.id === group.id)).toEqual(group);
    expect(changed.role).toBe('maintainer');
    expect(group).toMatchObject({ kind: 'group', group: 'cn=devs,ou=groups,dc=wharf', groupName: 'devs' });
  });

  it('project create and update answer what GET /projects/{name} shows, permissions included', async () => {
    const { createProject, updateProject } = await import('@/lib/projects/mutations');
    const { getProject } = await import('@/lib/projects/queries');
    const created = await as.root((actor) =>
      createProject({ actor, ip: IP }, { name: 'beta', public: false, description: 'b', adopt: false }),
    );
    expect(created).toEqual(await as.root((actor) => getProject('beta', actor)));
    expect(created).toMatchObject({ role: 'projectAdmin', memberCount: 1, permissions: { push: true } });

    // A push network rule that leaves out the caller's address: `push` turns false in the answer.
    const updated = await as.owner((actor) =>
      updateProject({ actor, ip: IP }, 'alpha', { description: 'changed', pushCidrs: ['10.0.0.0/8'] }),
    );
    expect(updated).toEqual(await as.owner((actor) => getProject('alpha', actor)));
    expect(updated).toMatchObject({ description: 'changed', pushCidrs: ['10.0.0.0/8'] });
    expect(updated.permissions.push).toBe(false);
  });

  it('robot update and rotation answer the row the robot list shows', async () => {
    const { createProjectRobot, listProjectRobots, rotateRobot, updateRobot } =
      await import('@/lib/robots/mutations');
    const robot = await as.owner((actor) =>
      createProjectRobot({ actor, ip: IP }, 'alpha', {
        name: 'ci',
        actions: ['pull'],
        expiresInDays: 30,
        description: '',
        allowedCidrs: [],
      }),
    );
    const updated = await as.owner((actor) =>
      updateRobot({ actor, ip: IP }, robot.id, { disabled: true, description: 'off' }),
    );
    const { secret, ...rotated } = await as.owner((actor) => rotateRobot({ actor, ip: IP }, robot.id));
    expect(secret).not.toBe(robot.secret);
    const listed = (await as.owner((actor) => listProjectRobots('alpha', actor))).find(
      (r) => r.id === robot.id,
    );
    expect(rotated).toEqual(listed);
    expect({ ...updated, secretPrefix: rotated.secretPrefix }).toEqual(listed);
    expect(updated).toMatchObject({ disabled: true, description: 'off' });
  });
});
