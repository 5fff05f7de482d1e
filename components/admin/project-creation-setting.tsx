'use client';
import { useState } from 'react';
import type { Settings } from '@/lib/settings';
import { errorMessage } from '@/lib/query/api-client';
import { useUpdateSettings } from '@/lib/query/use-settings';

type ProjectCreation = Settings['projectCreation'];

const OPTIONS: Array<{ value: ProjectCreation; label: string; hint: string }> = [
  {
    value: 'adminOnly',
    label: 'System administrators only',
    hint: 'Administrators create projects and make others project admins.',
  },
  {
    value: 'everyone',
    label: 'Every signed-in user',
    hint: 'Anyone can create a project and becomes its project admin.',
  },
];

/** Who may create projects; saved as soon as an option is chosen. */
export function ProjectCreationSetting({ initial }: { initial: ProjectCreation }) {
  const update = useUpdateSettings();
  const [value, setValue] = useState(initial);
  const [saved, setSaved] = useState('');

  function choose(next: ProjectCreation) {
    const previous = value;
    setValue(next);
    setSaved('');
    update.mutate(
      { projectCreation: next },
      {
        onSuccess: () => setSaved('Saved.'),
        onError: () => setValue(previous),
      },
    );
  }

  return (
    // Not disabled while saving: that would throw the keyboard focus out of the radio group.
    <fieldset aria-describedby="project-creation-status" aria-busy={update.isPending || undefined}>
      <legend className="text-sm font-medium">Who can create projects</legend>
      <div className="mt-2 flex flex-col gap-2">
        {OPTIONS.map((o) => (
          <label
            key={o.value}
            className="border-border has-[:checked]:border-primary has-[:checked]:bg-primary/5 flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2.5"
          >
            <input
              type="radio"
              name="project-creation"
              value={o.value}
              checked={value === o.value}
              onChange={() => choose(o.value)}
              className="accent-primary mt-0.5 h-4 w-4"
            />
            <span className="flex flex-col">
              <span className="text-sm font-medium">{o.label}</span>
              <span className="text-muted text-xs">{o.hint}</span>
            </span>
          </label>
        ))}
      </div>
      <p id="project-creation-status" aria-live="polite" className="mt-2 min-h-5 text-sm">
        {update.error ? (
          <span className="text-danger">{errorMessage(update.error)}</span>
        ) : update.isPending ? (
          <span className="text-muted">Saving…</span>
        ) : (
          <span className="text-success">{saved}</span>
        )}
      </p>
    </fieldset>
  );
}
