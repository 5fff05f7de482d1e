'use client';
// Network rules (lists of CIDRs) as text areas, one range per line: a project's rules on its
// Settings tab, the defaults for new projects in Administration.
import { useState, type FormEvent } from 'react';
import { Card } from '@/components/ui/card';
import { TextareaField } from '@/components/ui/field';
import { FormError, FormIntro, SaveRow, SectionForm } from '@/components/ui/form';
import { ApiError, errorMessage, toSentence } from '@/lib/query/api-client';

export type RuleField = { key: string; label: string; hint: string };
type Values = Record<string, string[]>;

/** The ranges typed into a box: split on line breaks, commas and spaces. */
export const parseCidrText = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

type Saver = {
  mutate: (values: Values, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
};

type NetworkRulesFormProps = {
  id: string;
  title: string;
  intro: string;
  fields: RuleField[];
  initial: Values;
  save: Saver;
  /** Why the viewer may not change them (the form is then read-only). */
  denial?: string;
};

export function NetworkRulesForm({ id, title, intro, fields, initial, save, denial }: NetworkRulesFormProps) {
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.key, (initial[f.key] ?? []).join('\n')])),
  );
  const [saved, setSaved] = useState<Values>(initial);
  const [done, setDone] = useState(false);
  const values: Values = Object.fromEntries(fields.map((f) => [f.key, parseCidrText(text[f.key] ?? '')]));
  const changed = fields.some((f) => values[f.key]!.join(',') !== (saved[f.key] ?? []).join(','));
  const apiError = save.error instanceof ApiError ? save.error : null;
  const fieldError = (key: string) => apiError?.details.find((d) => d.path.split('.')[0] === key)?.message;
  const anyFieldError = fields.some((f) => fieldError(f.key));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    save.mutate(values, {
      onSuccess: () => {
        setSaved(values);
        setDone(true);
      },
    });
  }

  return (
    <Card className="mt-6 max-w-2xl">
      <SectionForm
        id={id}
        title={title}
        onSubmit={onSubmit}
        intro={
          <>
            <FormIntro>{intro}</FormIntro>
            {denial ? <FormIntro>{denial}</FormIntro> : null}
          </>
        }
      >
        <fieldset disabled={!!denial} className="flex flex-col gap-4">
          {fields.map((f) => {
            const error = fieldError(f.key);
            return (
              <TextareaField
                key={f.key}
                id={`${id}-${f.key}`}
                label={f.label}
                hint={f.hint}
                value={text[f.key] ?? ''}
                placeholder="10.0.0.0/8"
                spellCheck={false}
                rows={3}
                className="font-mono"
                error={error && toSentence(error)}
                onChange={(e) => {
                  setText((t) => ({ ...t, [f.key]: e.target.value }));
                  setDone(false);
                }}
              />
            );
          })}
        </fieldset>
        {denial ? null : (
          <SaveRow
            label="Save network rules"
            pending={save.isPending}
            disabled={!changed}
            status={done && !changed ? 'Saved.' : ''}
          />
        )}
        <FormError>{save.error && !anyFieldError ? errorMessage(save.error) : ''}</FormError>
      </SectionForm>
    </Card>
  );
}

/** The two project rules, as the Settings tab and Administration label them. */
export const PROJECT_RULE_FIELDS = (prefix: 'project' | 'default'): RuleField[] => [
  {
    key: prefix === 'project' ? 'anonymousPullCidrs' : 'defaultAnonymousPullCidrs',
    label: 'Anonymous pull networks',
    hint: 'Clients from these networks (CIDR, one per line) may pull without logging in, even from a private project. Empty: none.',
  },
  {
    key: prefix === 'project' ? 'pushCidrs' : 'defaultPushCidrs',
    label: 'Push networks',
    hint: 'Push and delete are allowed only from these networks, for everyone (administrators and robots too). Empty: anywhere.',
  },
];
