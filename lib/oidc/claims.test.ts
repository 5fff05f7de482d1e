import { describe, expect, it } from 'vitest';
import { groupsOf, MAX_OIDC_GROUPS, readClaims } from '@/lib/oidc/claims';

const settings = { usernameClaim: 'preferred_username', groupsClaim: 'groups' };

describe('readClaims', () => {
  it('reads the subject, a normalized username, email, name and groups', () => {
    expect(
      readClaims(
        {
          sub: 'abc',
          preferred_username: 'Olivia',
          email: 'o@x.test',
          name: 'Olivia Oak',
          groups: ['b', 'a', 'a'],
        },
        settings,
      ),
    ).toEqual({
      subject: 'abc',
      username: 'olivia',
      email: 'o@x.test',
      displayName: 'Olivia Oak',
      groups: ['a', 'b'],
    });
  });

  it('walks a dotted claim name into nested objects (Keycloak realm roles)', () => {
    const claims = readClaims(
      { sub: 's', preferred_username: 'u', realm_access: { roles: ['dev'] } },
      { usernameClaim: 'preferred_username', groupsClaim: 'realm_access.roles' },
    );
    expect(claims).toMatchObject({ groups: ['dev'] });
  });

  it('says which claim is missing or unusable', () => {
    expect(readClaims({ preferred_username: 'u' }, settings)).toEqual({
      error: 'The identity provider sent no subject (sub) claim.',
    });
    expect(readClaims({ sub: 's' }, settings)).toMatchObject({
      error: expect.stringContaining('preferred_username'),
    });
    expect(readClaims({ sub: 's', preferred_username: 'a b' }, settings)).toMatchObject({
      error: expect.stringContaining('not a valid Wharf username'),
    });
    // A robot's name is never a person's.
    expect(readClaims({ sub: 's', preferred_username: 'robot-x.y' }, settings)).toHaveProperty('error');
    expect(readClaims({ sub: 's', preferred_username: 'x'.repeat(65) }, settings)).toHaveProperty('error');
  });
});

describe('groupsOf', () => {
  it('accepts a list or one string, drops non-strings, blanks and duplicates, and caps the count', () => {
    expect(groupsOf('one')).toEqual(['one']);
    expect(groupsOf(['x', 3, null, ' ', 'x', ' y '])).toEqual(['x', 'y']);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf({ a: 1 })).toEqual([]);
    expect(groupsOf(Array.from({ length: 900 }, (_, i) => `g${i}`))).toHaveLength(MAX_OIDC_GROUPS);
  });
});
