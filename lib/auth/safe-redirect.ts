// Where Wharf may send a browser after sign-in: a path on Wharf's own origin, nothing else.
// Browsers forgive a lot in URLs (`/\host`, `/<TAB>/host` and `//host` all lead to another
// host), so anything unusual is refused rather than repaired.

export const DEFAULT_REDIRECT = '/projects';

/** Control characters, which browsers strip from URLs, and the backslash, which they read as `/`. */
const UNSAFE_CHARACTER = /[\p{Cc}\\]/u;
const MAX_DECODE_ROUNDS = 3;

export type SafeRedirectOptions = {
  /** The origin absolute URLs must have to be accepted (e.g. `https://wharf.example.com`); without it only paths are. */
  origin?: string;
  fallback?: string;
};

/** The decoded forms of a value, to see what it becomes after one or more rounds of decoding. */
function decodedForms(value: string): string[] {
  const forms = [value];
  let current = value;
  for (let i = 0; i < MAX_DECODE_ROUNDS; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      break;
    }
    if (next === current) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function isSafePath(path: string): boolean {
  return decodedForms(path).every(
    (form) => form.startsWith('/') && !form.startsWith('//') && !UNSAFE_CHARACTER.test(form),
  );
}

/**
 * A same-origin path to redirect to, or `fallback` (`/projects`). Accepts a path (`/projects/x?q=1`)
 * or, when `origin` is given, an absolute URL on that origin (answered as its path).
 */
export function safeRedirectPath(target: unknown, options: SafeRedirectOptions = {}): string {
  const fallback = options.fallback ?? DEFAULT_REDIRECT;
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  let path = target;
  if (options.origin && !target.startsWith('/')) {
    if (UNSAFE_CHARACTER.test(target)) return fallback;
    let url: URL;
    let origin: string;
    try {
      url = new URL(target);
      origin = new URL(options.origin).origin;
    } catch {
      return fallback;
    }
    if (url.origin !== origin || url.username || url.password) return fallback;
    path = `${url.pathname}${url.search}${url.hash}`;
  }
  if (!isSafePath(path)) return fallback;
  // What the browser will make of it must still be on our origin.
  const base = 'http://wharf.invalid';
  try {
    const resolved = new URL(path, base);
    const result = `${resolved.pathname}${resolved.search}${resolved.hash}`;
    // `/..//host` resolves to `//host`: check the result as well as the input.
    return resolved.origin === base && isSafePath(result) ? result : fallback;
  } catch {
    return fallback;
  }
}
