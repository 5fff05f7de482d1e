import { describe, expect, it } from 'vitest';
import { inRequestScope, namePrincipal, type RequestScope } from '@/lib/edge/request-scope';

describe('request scope', () => {
  it('the principal named anywhere down a request’s async work lands in that request’s scope only', async () => {
    const a: RequestScope = { principal: undefined };
    const b: RequestScope = { principal: undefined };
    const later = (name: string) =>
      new Promise<void>((resolve) => setTimeout(() => (namePrincipal(name), resolve()), 5));
    await Promise.all([inRequestScope(a, () => later('alice')), inRequestScope(b, () => later('robot-ci'))]);
    expect(a.principal).toBe('alice');
    expect(b.principal).toBe('robot-ci');
    namePrincipal('outside'); // a job, not a request: nowhere to note it, no error
    expect([a.principal, b.principal]).toEqual(['alice', 'robot-ci']);
  });
});
