'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { Field, Select, SelectField } from '@/components/ui/field';
import { FormError, FormIntro, SaveRow, SectionForm } from '@/components/ui/form';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatDate, shortDigest } from '@/lib/format';
import type { RetentionPolicy } from '@/lib/policies/retention-rules';
import { errorMessage } from '@/lib/query/api-client';
import { isDryRun, useRetentionRun, useSaveRetention, type DryRun } from '@/lib/query/use-policies';

type Kind = 'keepLatest' | 'keepDays';
type RuleDraft = { repositories: string; tags: string; kind: Kind; count: string };

const draftOf = (r: RetentionPolicy['rules'][number]): RuleDraft => ({
  repositories: r.repositories,
  tags: r.tags,
  kind: r.keepLatest !== undefined ? 'keepLatest' : 'keepDays',
  count: String(r.keepLatest ?? r.keepDays ?? ''),
});
const ruleOf = (d: RuleDraft) => ({
  repositories: d.repositories.trim() || '**',
  tags: d.tags.trim() || '*',
  [d.kind]: Number(d.count),
});

type RetentionPanelProps = {
  project: string;
  initial: RetentionPolicy;
  canWrite: boolean;
  writeDenial: string;
};

/** Tag retention rules with a schedule, a dry run that lists what would go, and a real run. */
export function RetentionPanel({ project, initial, canWrite, writeDenial }: RetentionPanelProps) {
  const router = useRouter();
  const [rules, setRules] = useState<RuleDraft[]>(initial.rules.map(draftOf));
  const [schedule, setSchedule] = useState<'' | 'daily'>(initial.schedule ?? '');
  const [saved, setSaved] = useState(false);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [confirming, setConfirming] = useState(false);
  const save = useSaveRetention(project);
  const run = useRetentionRun(project);
  const startRun = (dryRun: boolean) =>
    run.mutate(dryRun, {
      onSuccess: (result) => {
        setDry(isDryRun(result) ? result : null);
        if (!isDryRun(result)) router.refresh();
      },
    });
  const change = (i: number, patch: Partial<RuleDraft>) => {
    setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setSaved(false);
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      { rules: rules.map(ruleOf), schedule: schedule || null },
      {
        onSuccess: () => {
          setSaved(true);
          setDry(null);
        },
      },
    );
  }

  return (
    <Card className="max-w-4xl">
      <SectionForm
        id="retention"
        title="Tag retention"
        onSubmit={onSubmit}
        intro={
          <>
            <FormIntro>
              Each rule picks repositories and tags by glob (<code>*</code>, <code>**</code>, <code>?</code>,{' '}
              <code>{'{a,b}'}</code>) and keeps the most recently pushed, or those pushed within some days,
              per repository. A tag some rule picks is deleted unless a rule keeps it; tags no rule picks
              stay, and an image a kept tag also points at is never deleted. Disk space returns after the
              registry&apos;s garbage collection.
            </FormIntro>
            {canWrite ? null : <FormIntro>{writeDenial}</FormIntro>}
          </>
        }
      >
        <fieldset disabled={!canWrite} className="flex flex-col gap-3">
          <legend className="sr-only">Rules</legend>
          {rules.length === 0 ? <p className="text-muted text-sm">No rules: nothing is deleted.</p> : null}
          {rules.map((r, i) => (
            <div
              key={i}
              className="border-border flex flex-wrap items-end gap-3 rounded-md border p-3"
              data-testid="retention-rule"
            >
              <Field
                id={`rule-${i}-repositories`}
                label="Repositories"
                value={r.repositories}
                onChange={(e) => change(i, { repositories: e.target.value })}
                className="w-40"
              />
              <Field
                id={`rule-${i}-tags`}
                label="Tags"
                value={r.tags}
                onChange={(e) => change(i, { tags: e.target.value })}
                className="w-32"
              />
              <SelectField
                id={`rule-${i}-kind`}
                label="Keep"
                value={r.kind}
                onChange={(e) => change(i, { kind: e.target.value as Kind })}
              >
                <option value="keepLatest">the most recently pushed</option>
                <option value="keepDays">those pushed within (days)</option>
              </SelectField>
              <Field
                id={`rule-${i}-count`}
                label={r.kind === 'keepLatest' ? 'Tags' : 'Days'}
                inputMode="numeric"
                value={r.count}
                onChange={(e) => change(i, { count: e.target.value })}
                className="w-24"
              />
              <Button
                type="button"
                variant="ghost"
                onClick={() => {
                  setRules(rules.filter((_, j) => j !== i));
                  setSaved(false);
                }}
              >
                Remove rule {i + 1}
              </Button>
            </div>
          ))}
          <div>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setRules([...rules, { repositories: '**', tags: '*', kind: 'keepLatest', count: '10' }]);
                setSaved(false);
              }}
            >
              Add rule
            </Button>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <span className="font-medium">Schedule</span>
            <Select
              aria-label="Schedule"
              value={schedule}
              onChange={(e) => {
                setSchedule(e.target.value as '' | 'daily');
                setSaved(false);
              }}
            >
              <option value="">Only when run by hand</option>
              <option value="daily">Daily</option>
            </Select>
          </label>
        </fieldset>
        {canWrite ? (
          <SaveRow
            label="Save rules"
            pending={save.isPending}
            status={
              saved
                ? 'Saved.'
                : run.data && !isDryRun(run.data)
                  ? `Run done: ${run.data.deleted} tags deleted.`
                  : ''
            }
          >
            <Button type="button" variant="secondary" disabled={run.isPending} onClick={() => startRun(true)}>
              Dry run
            </Button>
            <Button
              type="button"
              variant="danger"
              disabled={run.isPending}
              onClick={() => setConfirming(true)}
            >
              Run now
            </Button>
          </SaveRow>
        ) : null}
        <FormError>
          {save.error ? errorMessage(save.error) : run.error ? errorMessage(run.error) : ''}
        </FormError>
      </SectionForm>
      {dry ? <DryRunResult result={dry} /> : null}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Run tag retention now?"
        description="The tags the saved rules do not keep are deleted from the registry. Use Dry run to see them first. This cannot be undone."
      >
        <DialogActions>
          <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="danger"
            onClick={() => {
              setConfirming(false);
              startRun(false);
            }}
          >
            Delete tags
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}

function DryRunResult({ result }: { result: DryRun }) {
  return (
    <section aria-labelledby="dry-run-title" className="mt-6">
      <h3 id="dry-run-title" className="text-sm font-semibold">
        Dry run (saved rules): {result.tags.length} {result.tags.length === 1 ? 'tag' : 'tags'} would be
        deleted
      </h3>
      {result.tags.length ? (
        <div className="mt-2">
          <Table label="Tags a run would delete">
            <THead>
              <Th>Tag</Th>
              <Th>Digest</Th>
              <Th>Pushed</Th>
              <Th>Why</Th>
            </THead>
            <tbody>
              {result.tags.map((t) => (
                <Tr key={`${t.repository}:${t.tag}`}>
                  <Td className="font-mono text-xs break-all">
                    {t.repository}:{t.tag}
                  </Td>
                  <Td className="font-mono text-xs">{shortDigest(t.digest)}</Td>
                  <Td className="whitespace-nowrap">{formatDate(t.pushedAt)}</Td>
                  <Td className="text-muted text-xs">{t.reason}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      {result.keptBySharedDigest.length ? (
        <p className="text-muted mt-2 text-sm">
          Kept because a kept tag points at the same image:{' '}
          {result.keptBySharedDigest.map((t) => `${t.repository}:${t.tag} (with ${t.keptWith})`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}
