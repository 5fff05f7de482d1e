// What Wharf's server (scripts/start.ts) learns about a request only after the app handled it:
// who made it, for the access line. The server runs each request in a scope (AsyncLocalStorage);
// the credential module (lib/auth/credentials.ts) names the principal there once a credential
// resolves to one. A name only, never a credential. One storage per process (globalThis): the
// server's modules and the app's bundles are separate module instances.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestScope = {
  /** The user's or robot's name, once authenticated. */
  principal: string | undefined;
};

const SLOT: unique symbol = Symbol.for('wharf.requestScope');
type Slot = { [SLOT]?: AsyncLocalStorage<RequestScope> };

const storage = ((globalThis as Slot)[SLOT] ??= new AsyncLocalStorage<RequestScope>());

/** Runs `handle` (the whole request) in `scope`. */
export function inRequestScope<T>(scope: RequestScope, handle: () => T): T {
  return storage.run(scope, handle);
}

/** Names the principal of the current request (a no-op outside one: jobs, tests). */
export function namePrincipal(name: string): void {
  const scope = storage.getStore();
  if (scope) scope.principal = name;
}
