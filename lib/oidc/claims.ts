// What Wharf reads from an OpenID Connect provider's ID token: the subject, a username (from
// OIDC_USERNAME_CLAIM), email, display name and groups (from OIDC_GROUPS_CLAIM). Pure, so the
// rules are unit-tested without a provider.
import { normalizeUsername } from '@/lib/users/username';

export type OidcClaims = {
  subject: string;
  username: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
};

export type ClaimSettings = { usernameClaim: string; groupsClaim: string };

/** Most groups kept from one sign-in, and the longest group name (longer ones are dropped). */
export const MAX_OIDC_GROUPS = 500;
export const MAX_OIDC_GROUP_LENGTH = 1024;

const text = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null;

/** A claim by name; a dotted name (`realm_access.roles`) walks into nested objects. */
function claim(profile: Record<string, unknown>, name: string): unknown {
  if (name in profile) return profile[name];
  let v: unknown = profile;
  for (const part of name.split('.')) {
    if (!v || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** The groups claim as a list of names: an array of strings, or one string. */
export function groupsOf(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const names = raw
    .filter((g): g is string => typeof g === 'string')
    .map((g) => g.trim())
    .filter((g) => g.length > 0 && g.length <= MAX_OIDC_GROUP_LENGTH);
  return [...new Set(names)].slice(0, MAX_OIDC_GROUPS).sort();
}

/** The claims Wharf uses, or a message saying what is missing (shown on the sign-in page). */
export function readClaims(
  profile: Record<string, unknown>,
  { usernameClaim, groupsClaim }: ClaimSettings,
): OidcClaims | { error: string } {
  const subject = text(profile.sub, 255);
  if (!subject) return { error: 'The identity provider sent no subject (sub) claim.' };
  const rawName = text(claim(profile, usernameClaim), 256);
  if (!rawName)
    return { error: `The identity provider sent no ${usernameClaim} claim to use as the username.` };
  const username = normalizeUsername(rawName);
  if (!username || username.length > 64 || username.startsWith('robot-')) {
    return {
      error: `The ${usernameClaim} claim "${rawName.slice(0, 64)}" is not a valid Wharf username (letters, digits, . _ -, at most 64, not robot-…).`,
    };
  }
  return {
    subject,
    username,
    email: text(profile.email, 254),
    displayName: text(profile.name, 128),
    groups: groupsOf(claim(profile, groupsClaim)),
  };
}
