// Parsing of the Docker token `scope` parameter (distribution
// docs/spec/auth/scope.md). Clients repeat the parameter once per resource, and some copy the
// registry's challenge verbatim, so one value may also hold several space-separated scopes.
// Grammar: `type[(class)]:name:actions`. The type ends at the FIRST `:` and the actions start
// after the LAST one, because a name may carry a `host:port/` prefix.

export type ResourceScope = { type: string; class?: string; name: string; actions: string[] };

/** A scope that does not follow the grammar; the token endpoint answers 400 invalid_request. */
export class ScopeError extends Error {
  readonly oauthError = 'invalid_request' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

// distribution reference/regexp.go (v2.8): a path component, a registry host and the name.
// Go writes the separator as `[._]|__|[-]*`; its empty alternative only glues two alphanumeric
// runs, which `[a-z0-9]+` already matches, so `-+` accepts the same names. It matters here:
// with an empty-able separator, JavaScript's backtracking engine takes exponential time on
// a long almost-valid name (Go's RE2 does not backtrack).
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const NAME = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
/** reference.NameTotalLengthMax */
export const MAX_NAME_LENGTH = 255;

// `resourcetypevalue := /[a-z0-9]+/`, optionally followed by `(class)` of the same form.
const TYPE = /^([a-z0-9]+)(?:\(([a-z0-9]+)\))?$/;
// `action := /[a-z]*/`; `*` is not in the grammar but is what the registry asks for the catalog.
const ACTION = /^(?:[a-z]+|\*)$/;

/**
 * A request carries a handful of scopes (a push with a cross-repository mount asks for two);
 * the cap keeps one request from making the endpoint load thousands of projects.
 */
export const MAX_SCOPES = 50;

/** True for a repository name of the distribution reference grammar (optional registry host). */
export function isValidRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && NAME.test(name);
}

/** Quoted in error messages; clipped because it is client input echoed back. */
const shown = (raw: string) => JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw);

function parseOne(raw: string): ResourceScope {
  const first = raw.indexOf(':');
  const last = raw.lastIndexOf(':');
  if (first <= 0 || last === first)
    throw new ScopeError(`malformed scope ${shown(raw)}: expected type:name:actions`);
  const typeMatch = TYPE.exec(raw.slice(0, first));
  if (!typeMatch) throw new ScopeError(`malformed resource type in scope ${shown(raw)}`);
  const type = typeMatch[1]!;
  const name = raw.slice(first + 1, last);
  if (!name) throw new ScopeError(`malformed scope ${shown(raw)}: empty resource name`);
  if (type === 'repository' && !isValidRepositoryName(name))
    throw new ScopeError(`invalid repository name ${shown(name)}`);
  // An empty action list is grammatical (`action := /[a-z]*/`) and simply grants nothing.
  const actions = raw
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  if (actions.some((a) => !ACTION.test(a))) throw new ScopeError(`malformed actions in scope ${shown(raw)}`);
  return { type, ...(typeMatch[2] ? { class: typeMatch[2] } : {}), name, actions: [...new Set(actions)] };
}

/** Identity of a resource for merging: containerd sends `x:pull` and `x:pull,push` together. */
const resourceKey = (s: ResourceScope) => `${s.type}(${s.class ?? ''}):${s.name}`;

/**
 * Parses every `scope` value of a request. Duplicates of the same type, class and name are
 * merged into one entry with the union of their actions, in first-seen order.
 * @throws ScopeError on bad grammar or more than MAX_SCOPES distinct resources.
 */
export function parseScopes(values: readonly string[]): ResourceScope[] {
  const merged = new Map<string, ResourceScope>();
  for (const value of values) {
    for (const raw of value.split(' ')) {
      if (!raw) continue; // doubled or trailing spaces
      const scope = parseOne(raw);
      const existing = merged.get(resourceKey(scope));
      if (existing) {
        for (const a of scope.actions) if (!existing.actions.includes(a)) existing.actions.push(a);
      } else {
        if (merged.size >= MAX_SCOPES) throw new ScopeError(`too many scopes (at most ${MAX_SCOPES})`);
        merged.set(resourceKey(scope), scope);
      }
    }
  }
  return [...merged.values()];
}

/** The wire form of one scope (`repository(plugin):a/b:pull,push`), e.g. for the OAuth2 `scope` reply. */
export function formatScope(s: ResourceScope): string {
  return `${s.type}${s.class ? `(${s.class})` : ''}:${s.name}:${s.actions.join(',')}`;
}
