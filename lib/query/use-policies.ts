'use client';
// A project's tag retention: saving the rules, and a dry or a real run.
import { useMutation } from '@tanstack/react-query';
import { apiFetch } from '@/lib/query/api-client';
// Types only: erased at build time, so no server code reaches the browser.
import type { startRetentionRun } from '@/lib/policies/retention';
import type { RetentionPolicy } from '@/lib/policies/retention-rules';

export type RetentionRunResult = Awaited<ReturnType<typeof startRetentionRun>>;
/** What a dry run lists: the tags a run would delete, and those kept because a kept tag shares the image. */
export type DryRun = Extract<RetentionRunResult, { tags: unknown }>;
/** A real run's record (how many tags went). */
export type RetentionRun = Exclude<RetentionRunResult, DryRun>;

export const isDryRun = (result: RetentionRunResult): result is DryRun => 'tags' in result;

const retentionUrl = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}/retention`;

export function useSaveRetention(project: string) {
  return useMutation({
    mutationFn: (policy: RetentionPolicy) =>
      apiFetch<RetentionPolicy>(retentionUrl(project), { method: 'PUT', body: policy }),
  });
}

export function useRetentionRun(project: string) {
  return useMutation({
    mutationFn: (dryRun: boolean) =>
      apiFetch<RetentionRunResult>(`${retentionUrl(project)}/runs`, { method: 'POST', body: { dryRun } }),
  });
}
