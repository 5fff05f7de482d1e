// Parsing of the Docker token `scope` parameter (protocol.md §2.6): repeated params, each
// possibly space-separated; `type[(class)]:name:actions` where the type ends at the first
// `:` and the actions start after the last one, so names may hold `host:port/` prefixes.

export type ResourceScope = { type: string; class?: string; name: string; actions: string[] };

export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$/;
const HOST =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
const TYPE = /^([a-z0-9]+)(?:\(([a-z0-9]+)\))?$/;
const ACTION = /^(?:[a-z]+|\*)$/;
export const MAX_SCOPES = 50;

/** True for a repository name of the distribution reference grammar (optional registry host). */
export function isValidRepositoryName(name: string): boolean {
  if (!name || name.length > 255) return false;
  const parts = name.split('/');
  const first = parts[0]!;
  const hasHost =
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost') &&
    HOST.test(first);
  const path = hasHost ? parts.slice(1) : parts;
  return path.length > 0 && path.every((c) => COMPONENT.test(c));
}

function parseOne(raw: string): ResourceScope {
  const first = raw.indexOf(':');
  const last = raw.lastIndexOf(':');
  if (first <= 0 || last === first)
    throw new ScopeError(`malformed scope "${raw.slice(0, 100)}": expected type:name:actions`);
  const typeMatch = TYPE.exec(raw.slice(0, first));
  if (!typeMatch) throw new ScopeError(`malformed scope type in "${raw.slice(0, 100)}"`);
  const name = raw.slice(first + 1, last);
  const actions = raw
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  if (!name) throw new ScopeError(`malformed scope "${raw.slice(0, 100)}": empty name`);
  if (actions.some((a) => !ACTION.test(a)))
    throw new ScopeError(`malformed actions in scope "${raw.slice(0, 100)}"`);
  const type = typeMatch[1]!;
  if (type === 'repository' && !isValidRepositoryName(name))
    throw new ScopeError(`invalid repository name "${name.slice(0, 100)}"`);
  return { type, ...(typeMatch[2] ? { class: typeMatch[2] } : {}), name, actions };
}

/**
 * Parses every scope value; duplicates of the same type, class and name are merged (the
 * union of their actions, in first-seen order). Throws ScopeError on bad grammar.
 */
export function parseScopes(values: readonly string[]): ResourceScope[] {
  const merged = new Map<string, ResourceScope>();
  for (const value of values) {
    for (const raw of value.split(' ').filter(Boolean)) {
      const scope = parseOne(raw);
      const key = `${scope.type}(${scope.class ?? ''}):${scope.name}`;
      const existing = merged.get(key);
      if (existing) {
        for (const a of scope.actions) if (!existing.actions.includes(a)) existing.actions.push(a);
      } else {
        if (merged.size >= MAX_SCOPES) throw new ScopeError(`too many scopes (at most ${MAX_SCOPES})`);
        merged.set(key, scope);
      }
    }
  }
  return [...merged.values()];
}

export function formatScope(s: ResourceScope): string {
  return `${s.type}${s.class ? `(${s.class})` : ''}:${s.name}:${s.actions.join(',')}`;
}
