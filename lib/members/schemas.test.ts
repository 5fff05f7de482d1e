import { describe, expect, it } from 'vitest';
import { addMemberSchema } from '@/lib/members/schemas';

describe('addMemberSchema', () => {
  it('takes a user, an LDAP group (default source) or an OIDC group by name', () => {
    expect(addMemberSchema.parse({ username: 'bob', role: 'guest' })).toEqual({
      username: 'bob',
      role: 'guest',
    });
    expect(addMemberSchema.parse({ group: 'cn=dev,dc=x', role: 'developer' }).source).toBeUndefined();
    expect(addMemberSchema.parse({ group: 'ops', source: 'oidc', role: 'developer' })).toEqual({
      group: 'ops',
      source: 'oidc',
      role: 'developer',
    });
  });

  it('refuses a source without a group, an unknown source and a too short LDAP DN', () => {
    expect(addMemberSchema.safeParse({ username: 'bob', source: 'oidc', role: 'guest' }).success).toBe(false);
    expect(
      addMemberSchema.safeParse({ group: 'ops', source: 'saml', role: 'guest' }).error?.issues[0]?.message,
    ).toBe('source must be ldap or oidc');
    expect(addMemberSchema.safeParse({ group: 'x', role: 'guest' }).success).toBe(false);
    expect(addMemberSchema.safeParse({ group: 'x', source: 'oidc', role: 'guest' }).success).toBe(true);
  });
});
