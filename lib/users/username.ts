// Usernames are normalized once, before they become any key (user lookup, throttle, credential
// cache, LDAP filter): NFKC folds full-width and compatibility forms (`ａｌｉｃｅ` → `alice`),
// then lower case, then the allowed alphabet. What does not normalize is refused, so two
// spellings can never be two throttle keys for one account.
const USERNAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Longest name that can sign in: users have 64 characters, robots (`robot-<project>.<name>`) 140. */
export const MAX_SIGN_IN_NAME = 140;

export function normalizeUsername(raw: string): string | null {
  const name = raw.normalize('NFKC').trim().toLowerCase();
  if (!name || name.length > MAX_SIGN_IN_NAME || !USERNAME.test(name)) return null;
  return name;
}
