// Tag retention rules and the choice of what a run deletes (pure: no database, no registry).
//
// A rule selects repositories (a glob on the name inside the project, default all) and tags (a
// glob, default all) and keeps, per repository, either the `keepLatest` most recently pushed of
// the tags it selects or those pushed within `keepDays`. A tag is deleted only when some rule
// selects it and no rule keeps it (tags no rule selects are left alone), and a digest that a
// kept tag of the same repository references is never deleted (deletes go by digest).
import { z } from 'zod';

const GLOB_MESSAGE = 'a glob uses letters, digits, ".", "_", "-", "/", and the wildcards *, **, ? and {a,b}';
const globSchema = z
  .string()
  .trim()
  .min(1, 'a glob cannot be empty')
  .max(255, 'a glob is at most 255 characters')
  .regex(/^[A-Za-z0-9._\-/*?{},]+$/, GLOB_MESSAGE);

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

/**
 * A glob as a whole-string RegExp: `**` matches anything, `*` and `?` anything but "/",
 * `{a,b}` either alternative.
 */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i += 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces += 1;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^${}()|[\]\\,-]/g, '\\$&');
  }
  return new RegExp(`^${out}${')'.repeat(braces)}$`);
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
    repositories: globToRegExp(r.repositories),
    tags: globToRegExp(r.tags),
  }));
  const result: RetentionSelection = { delete: [], sharedDigest: [] };
  for (const [repository, repoTags] of [...byRepository].sort(([a], [b]) => a.localeCompare(b))) {
    const inside = repository.startsWith(`${project}/`) ? repository.slice(project.length + 1) : repository;
    const kept = new Set<RetentionTag>();
    const reasons = new Map<RetentionTag, string[]>();
    compiled.forEach(({ rule, repositories, tags: tagGlob }, i) => {
      if (!repositories.test(inside)) return;
      // Newest first; the same push time is broken by name, so a run is repeatable.
      const selected = repoTags
        .filter((t) => tagGlob.test(t.tag))
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
