import { describe, expect, it } from 'vitest';
import { projectNameSchema } from '@/lib/projects/schemas';
import { projectRobotName, robotNameSchema, systemRobotName } from '@/lib/robots/schemas';
import { normalizeUsername } from '@/lib/users/username';

describe('robot names', () => {
  it('tell robot c-ci in project ab from robot ci in project ab-c', () => {
    expect(projectRobotName('ab', 'c-ci')).toBe('robot-ab.c-ci');
    expect(projectRobotName('ab-c', 'ci')).toBe('robot-ab-c.ci');
    expect(projectRobotName('ab', 'c-ci')).not.toBe(projectRobotName('ab-c', 'ci'));
  });

  it('cannot be ambiguous: "." is in neither a project nor a short robot name', () => {
    expect(projectNameSchema.safeParse('a.b').success).toBe(false);
    expect(robotNameSchema.safeParse('c.ci').success).toBe(false);
    expect(systemRobotName('ci')).not.toContain('.');
  });

  it('sign in unchanged: the credential alphabet, no $, within 140 characters', () => {
    const longest = projectRobotName('p'.repeat(64), 'r'.repeat(32));
    expect(longest.length).toBeLessThanOrEqual(140);
    for (const name of [longest, projectRobotName('ab', 'c-ci'), systemRobotName('ci')]) {
      expect(normalizeUsername(name)).toBe(name);
      expect(name).not.toContain('$');
    }
  });
});
