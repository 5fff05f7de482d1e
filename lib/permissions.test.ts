import { describe, expect, it } from 'vitest';
import {
  can,
  denialReason,
  highestRole,
  PROJECT_ACTIONS,
  type Principal,
  type ProjectAction,
  type ProjectRole,
} from '@/lib/permissions';

// The expected matrix, written out independently of ROLE_PERMISSIONS (design.md table).
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
});
