import { describe, expect, it } from 'vitest';
import {
  can,
  decide,
  denialReason,
  isOverQuota,
  highestRole,
  PROJECT_ACTIONS,
  type Principal,
  type ProjectAction,
  type ProjectRole,
} from '@/lib/permissions';

// The expected matrix, written out independently of ROLE_PERMISSIONS (docs/security.md, roles).
const EXPECTED: Record<ProjectRole, ProjectAction[]> = {
  guest: ['project.read', 'pull', 'members.read', 'activity.read'],
  developer: ['project.read', 'pull', 'push', 'members.read', 'activity.read'],
  maintainer: ['project.read', 'pull', 'push', 'delete', 'members.read', 'robots.read', 'activity.read'],
  projectAdmin: [...PROJECT_ACTIONS],
};

const priv = { isPublic: false };
const pub = { isPublic: true };

describe('permission matrix', () => {
  for (const role of Object.keys(EXPECTED) as ProjectRole[]) {
    for (const action of PROJECT_ACTIONS) {
      const allowed = EXPECTED[role].includes(action);
      it(`${role} ${allowed ? 'may' : 'may not'} ${action} in a private project`, () => {
        expect(can({ kind: 'user', isAdmin: false, role }, action, priv)).toBe(allowed);
      });
    }
  }

  it('system admins may do everything, member or not', () => {
    for (const action of PROJECT_ACTIONS)
      expect(can({ kind: 'user', isAdmin: true, role: null }, action, priv)).toBe(true);
  });

  it('anonymous and non-members may only see and pull public projects', () => {
    const outsiders: Principal[] = [{ kind: 'anonymous' }, { kind: 'user', isAdmin: false, role: null }];
    for (const p of outsiders) {
      for (const action of PROJECT_ACTIONS) {
        expect(can(p, action, pub)).toBe(action === 'pull' || action === 'project.read');
        expect(can(p, action, priv)).toBe(false);
      }
    }
  });

  it('a read-only credential may only read and pull, whatever its role (admins included)', () => {
    const readOnly = [
      'project.read',
      'pull',
      'members.read',
      'robots.read',
      'activity.read',
      'webhooks.read',
    ];
    for (const role of [...(Object.keys(EXPECTED) as ProjectRole[]), null]) {
      for (const isAdmin of [false, true]) {
        for (const action of PROJECT_ACTIONS) {
          const full = can({ kind: 'user', isAdmin, role }, action, priv);
          expect(can({ kind: 'user', isAdmin, role, readOnly: true }, action, priv)).toBe(
            full && readOnly.includes(action),
          );
        }
      }
    }
    expect(can({ kind: 'user', isAdmin: false, role: null, readOnly: true }, 'pull', pub)).toBe(true);
    expect(can({ kind: 'user', isAdmin: false, role: null, readOnly: true }, 'push', pub)).toBe(false);
  });

  it('robots get exactly their granted actions', () => {
    const robot: Principal = { kind: 'robot', actions: ['pull', 'push'] };
    expect(can(robot, 'push', priv)).toBe(true);
    expect(can(robot, 'delete', priv)).toBe(false);
    expect(can(robot, 'members.write', priv)).toBe(false);
  });

  it('the effective role is the highest of several', () => {
    expect(highestRole(['guest', 'maintainer', 'developer'])).toBe('maintainer');
    expect(highestRole([null, undefined])).toBeNull();
  });

  it('explains a denial by the lowest role that may act', () => {
    expect(denialReason('members.write')).toBe('Only project admins can add, change and remove members.');
    expect(denialReason('push')).toBe('Only developers and above can push images.');
  });

  describe('network rules', () => {
    const inside = { ip: '10.1.2.3' };
    const outside = { ip: '127.0.0.1' };
    const pushNet = { isPublic: false, pushCidrs: ['10.0.0.0/8'] };
    const everyone: Principal[] = [
      { kind: 'user', isAdmin: true, role: null },
      { kind: 'user', isAdmin: false, role: 'projectAdmin' },
      { kind: 'robot', actions: ['pull', 'push', 'delete'] },
    ];

    it('push and delete only from the push networks, for everyone (admins and robots included)', () => {
      for (const p of everyone) {
        for (const action of ['push', 'delete'] as const) {
          expect(can(p, action, pushNet, inside)).toBe(true);
          expect(can(p, action, pushNet, outside)).toBe(false);
          expect(can(p, action, pushNet)).toBe(false);
        }
        // Everything else is not a network rule's business.
        expect(can(p, 'pull', pushNet, outside)).toBe(true);
      }
      expect(
        can({ kind: 'user', isAdmin: false, role: 'projectAdmin' }, 'project.write', pushNet, outside),
      ).toBe(true);
    });

    it('an empty push network list means anywhere', () => {
      expect(
        can(
          { kind: 'user', isAdmin: false, role: 'developer' },
          'push',
          { isPublic: false, pushCidrs: [] },
          outside,
        ),
      ).toBe(true);
    });

    it('anyone in the anonymous-pull networks may pull a private project, and only pull', () => {
      const project = { isPublic: false, anonymousPullCidrs: ['127.0.0.0/8', 'fd00::/8'] };
      const outsiders: Principal[] = [
        { kind: 'anonymous' },
        { kind: 'user', isAdmin: false, role: null },
        { kind: 'user', isAdmin: false, role: null, readOnly: true },
        { kind: 'robot', actions: [] },
      ];
      for (const p of outsiders) {
        expect(can(p, 'pull', project, outside)).toBe(true);
        expect(can(p, 'pull', project, { ip: 'fd00::7' })).toBe(true);
        expect(can(p, 'pull', project, inside)).toBe(false);
        expect(can(p, 'pull', project)).toBe(false);
        for (const action of PROJECT_ACTIONS.filter((a) => a !== 'pull'))
          expect(can(p, action, project, outside)).toBe(false);
      }
    });

    it('explains each decision with its chain of reasons', () => {
      const viaGroup = decide(
        {
          kind: 'user',
          isAdmin: false,
          role: 'maintainer',
          via: [{ role: 'maintainer', group: 'cn=qa,ou=groups' }],
        },
        'delete',
        { name: 'team', isPublic: false },
      );
      expect(viaGroup).toEqual({
        allowed: true,
        code: null,
        reasons: [
          'member through directory group cn=qa,ou=groups with role maintainer',
          'role maintainer in project team allows delete',
        ],
      });
      // An OIDC group is named as one: it is not a directory group of the same name.
      expect(
        decide(
          {
            kind: 'user',
            isAdmin: false,
            role: 'developer',
            via: [{ role: 'developer', group: 'platform-team', groupSource: 'oidc' }],
          },
          'push',
          { name: 'team', isPublic: false },
        ).reasons[0],
      ).toBe('member through OIDC group platform-team with role developer');
      const network = decide(
        { kind: 'user', isAdmin: false, role: 'developer' },
        'push',
        { name: 'team', ...pushNet },
        outside,
      );
      expect(network).toMatchObject({ allowed: false, code: 'push_network' });
      expect(network.reasons.at(-1)).toBe(
        'project team allows push and delete only from 10.0.0.0/8; the client address 127.0.0.1 is not in them',
      );
      const readOnly = decide({ kind: 'user', isAdmin: false, role: 'developer', readOnly: true }, 'push', {
        isPublic: false,
      });
      expect(readOnly).toMatchObject({ allowed: false, code: 'read_only' });
      expect(decide({ kind: 'anonymous' }, 'pull', { name: 'pub', isPublic: true })).toEqual({
        allowed: true,
        code: null,
        reasons: ['project pub is public: anyone may pull'],
      });
      expect(decide({ kind: 'user', isAdmin: false, role: 'guest' }, 'push', { isPublic: false }).code).toBe(
        'role',
      );
    });
  });

  it('a project at or over its quota grants no push to anyone; pull and delete stay', () => {
    const full = { isPublic: false, quotaBytes: 4000, usedBytes: 4000 };
    const over = { isPublic: true, quotaBytes: 4000, usedBytes: 5000 };
    const under = { isPublic: false, quotaBytes: 4000, usedBytes: 3999 };
    const unlimited = { isPublic: false, quotaBytes: null, usedBytes: 10 ** 12 };
    const principals: Principal[] = [
      { kind: 'user', isAdmin: true, role: null },
      { kind: 'user', isAdmin: false, role: 'projectAdmin' },
      { kind: 'user', isAdmin: false, role: 'developer' },
      { kind: 'robot', actions: ['pull', 'push', 'delete'] },
    ];
    for (const p of principals) {
      for (const project of [full, over]) {
        expect(can(p, 'push', project)).toBe(false);
        expect(can(p, 'pull', project)).toBe(true);
        if (p.kind !== 'user' || p.role !== 'developer') expect(can(p, 'delete', project)).toBe(true);
      }
      expect(can(p, 'push', under)).toBe(true);
      expect(can(p, 'push', unlimited)).toBe(true);
    }
    expect(isOverQuota(full)).toBe(true);
    expect(isOverQuota(under)).toBe(false);
    expect(isOverQuota({})).toBe(false);
    expect(isOverQuota({ quotaBytes: 0 })).toBe(true);
  });

  it('only project admins (and system admins) may set and run tag retention', () => {
    expect(can({ kind: 'user', isAdmin: false, role: 'projectAdmin' }, 'retention.write', priv)).toBe(true);
    expect(can({ kind: 'user', isAdmin: false, role: 'maintainer' }, 'retention.write', priv)).toBe(false);
    expect(can({ kind: 'user', isAdmin: true, role: null }, 'retention.write', priv)).toBe(true);
    expect(can({ kind: 'robot', actions: ['pull', 'push', 'delete'] }, 'retention.write', priv)).toBe(false);
  });
});
