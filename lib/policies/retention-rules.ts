// Tag retention rules and the choice of what a run deletes (pure: no database, no registry).
//
// A rule selects repositories (a glob on the name inside the project, default all) and tags (a
// glob, default all) and keeps, per repository, either the `keepLatest` most recently pushed of
// the tags it selects or those pushed within `keepDays`. A tag is deleted only when some rule
// selects it and no rule keeps it (tags no rule selects are left alone), and a digest that a
// kept tag of the same repository references is never deleted (deletes go by digest).
import { z } from 'zod';

/** The most alternatives `{a,b}` braces may expand to in one glob. */
const MAX_ALTERNATIVES = 64;

/**
 * `a{b,c}d` → [abd, acd] (nested braces too); an unbalanced `{` stays a literal. At most
 * `limit` results, so that a glob full of braces costs little to reject.
 */
function expandBraces(glob: string, limit = MAX_ALTERNATIVES + 1): string[] {
  const open = glob.indexOf('{');
  if (open < 0) return [glob];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < glob.length && close < 0; i++) {
    if (glob[i] === '{') depth += 1;
    else if (glob[i] === '}' && --depth === 0) close = i;
    else if (glob[i] === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [glob];
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const alternative =
      glob.slice(0, open) + glob.slice(bounds[k]! + 1, bounds[k + 1]) + glob.slice(close + 1);
    out.push(...expandBraces(alternative, limit - out.length));
    if (out.length >= limit) break;
  }
  return out;
}

const GLOB_MESSAGE = 'a glob uses letters, digits, ".", "_", "-", "/", and the wildcards *, **, ? and {a,b}';
const globSchema = z
  .string()
  .trim()
  .min(1, 'a glob cannot be empty')
  .max(255, 'a glob is at most 255 characters')
  .regex(/^[A-Za-z0-9._\-/*?{},]+$/, GLOB_MESSAGE)
  .refine(
    (g) => expandBraces(g).length <= MAX_ALTERNATIVES,
    `a glob's {a,b} braces may give at most ${MAX_ALTERNATIVES} alternatives`,
  );

export const retentionRuleSchema = z
  .object({
    /** Repositories inside the project, by name without the project (`app`, `tools/*`). */
    repositories: globSchema.default('**'),
    tags: globSchema.default('*'),
    keepLatest: z.number().int().min(1, 'keepLatest is at least 1').max(10_000).optional(),
    keepDays: z.number().int().min(1, 'keepDays is at least 1').max(3650).optional(),
  })
  .strict()
  .refine((r) => (r.keepLatest === undefined) !== (r.keepDays === undefined), {
    message: 'a rule keeps either keepLatest tags or those pushed within keepDays (one of the two)',
  });
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

export const RETENTION_SCHEDULES = ['daily'] as const;

export const retentionPolicySchema = z
  .object({
    rules: z.array(retentionRuleSchema).max(20, 'at most 20 rules'),
    schedule: z.enum(RETENTION_SCHEDULES).nullable().default(null),
  })
  .strict();
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const retentionRunSchema = z.object({ dryRun: z.boolean().default(false) }).strict();

type Token = 'any' | 'segment' | 'one' | { literal: string };

function tokens(glob: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      while (glob[i + 1] === '*') i += 1;
      out.push('any');
    } else if (c === '*') out.push('segment');
    else if (c === '?') out.push('one');
    else out.push({ literal: c });
  }
  return out;
}

/** Whole-string match of one brace-free glob, in O(glob × text): no backtracking blow-up. */
function matchTokens(pattern: Token[], text: string): boolean {
  let reach = new Array<boolean>(text.length + 1).fill(false);
  reach[0] = true;
  for (const t of pattern) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    for (let i = 0; i <= text.length; i++) {
      if (t === 'any' || t === 'segment') {
        const extend = i > 0 && next[i - 1]! && (t === 'any' || text[i - 1] !== '/');
        next[i] = reach[i]! || extend;
      } else if (i < text.length && reach[i]) {
        if (t === 'one' ? text[i] !== '/' : text[i] === t.literal) next[i + 1] = true;
      }
    }
    reach = next;
  }
  return reach[text.length]!;
}

/**
 * A glob as a matcher of whole names: `**` matches anything, `*` and `?` anything but "/",
 * `{a,b}` either alternative.
 */
export function globMatcher(glob: string): (name: string) => boolean {
  const alternatives = expandBraces(glob).map(tokens);
  return (name) => alternatives.some((pattern) => matchTokens(pattern, name));
}

export type RetentionTag = { repository: string; tag: string; digest: string; pushedAt: Date };
export type Deletion = RetentionTag & { reason: string };
export type SharedDigest = RetentionTag & { keptWith: string };
export type RetentionSelection = {
  /** Tags to delete, oldest first per repository, each with why. */
  delete: Deletion[];
  /** Tags no rule keeps, spared because a kept tag references the same digest. */
  sharedDigest: SharedDigest[];
};

const DAY_MS = 86_400_000;
const ruleLabel = (i: number, r: RetentionRule) => `rule ${i + 1} (tags ${r.tags} in ${r.repositories})`;

/** What a retention run deletes from `tags` (of project `project`) at `now`. */
export function selectForDeletion(
  project: string,
  tags: readonly RetentionTag[],
  rules: readonly RetentionRule[],
  now: Date,
): RetentionSelection {
  const byRepository = new Map<string, RetentionTag[]>();
  for (const t of tags) byRepository.set(t.repository, [...(byRepository.get(t.repository) ?? []), t]);
  const compiled = rules.map((r) => ({
    rule: r,
    repositories: globMatcher(r.repositories),
    tags: globMatcher(r.tags),
  }));
  const result: RetentionSelection = { delete: [], sharedDigest: [] };
  for (const [repository, repoTags] of [...byRepository].sort(([a], [b]) => a.localeCompare(b))) {
    const inside = repository.startsWith(`${project}/`) ? repository.slice(project.length + 1) : repository;
    const kept = new Set<RetentionTag>();
    const reasons = new Map<RetentionTag, string[]>();
    compiled.forEach(({ rule, repositories, tags: tagGlob }, i) => {
      if (!repositories(inside)) return;
      // Newest first; the same push time is broken by name, so a run is repeatable.
      const selected = repoTags
        .filter((t) => tagGlob(t.tag))
        .sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime() || b.tag.localeCompare(a.tag));
      selected.forEach((t, rank) => {
        const keep =
          rule.keepLatest !== undefined
            ? rank < rule.keepLatest
            : now.getTime() - t.pushedAt.getTime() <= rule.keepDays! * DAY_MS;
        if (keep) return void kept.add(t);
        const why =
          rule.keepLatest !== undefined
            ? `not among the ${rule.keepLatest} most recently pushed (${ruleLabel(i, rule)})`
            : `pushed ${Math.floor((now.getTime() - t.pushedAt.getTime()) / DAY_MS)} days ago, over ${rule.keepDays} (${ruleLabel(i, rule)})`;
        reasons.set(t, [...(reasons.get(t) ?? []), why]);
      });
    });
    // Kept: what a rule keeps and what no rule selects.
    const keptDigests = new Map<string, string>();
    for (const t of repoTags)
      if (kept.has(t) || !reasons.has(t)) keptDigests.set(t.digest, keptDigests.get(t.digest) ?? t.tag);
    const doomed = repoTags
      .filter((t) => !kept.has(t) && reasons.has(t))
      .sort((a, b) => a.pushedAt.getTime() - b.pushedAt.getTime() || a.tag.localeCompare(b.tag));
    for (const t of doomed) {
      const keptWith = keptDigests.get(t.digest);
      if (keptWith !== undefined) result.sharedDigest.push({ ...t, keptWith });
      else result.delete.push({ ...t, reason: reasons.get(t)!.join('; ') });
    }
  }
  return result;
}
