'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { errorMessage } from '@/lib/query/api-client';
import { useUpdateProject } from '@/lib/query/use-projects';
import { useUpdateSettings } from '@/lib/query/use-settings';

const GB = 1024 ** 3;

/** Bytes as the GB text of the input ("" for unlimited). */
const toGb = (bytes: number | null) => (bytes === null ? '' : String(Math.round((bytes / GB) * 100) / 100));

type QuotaInputProps = {
  id: string;
  label: string;
  hint: string;
  initialBytes: number | null;
  disabled?: boolean;
  pending: boolean;
  error: unknown;
  onSave: (bytes: number | null, done: () => void) => void;
};

/** A quota in GB (empty: unlimited) with its own Save button. */
function QuotaInput({ id, label, hint, initialBytes, disabled, pending, error, onSave }: QuotaInputProps) {
  const [value, setValue] = useState(toGb(initialBytes));
  const [baseline, setBaseline] = useState(initialBytes);
  const [saved, setSaved] = useState(false);
  const [invalid, setInvalid] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const text = value.trim();
    const gb = Number(text);
    if (text && (!Number.isFinite(gb) || gb < 0))
      return setInvalid('Enter a size in GB, or leave it empty for no limit.');
    setInvalid('');
    const bytes = text ? Math.round(gb * GB) : null;
    onSave(bytes, () => {
      setBaseline(bytes);
      setSaved(true);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <Field
        id={id}
        label={label}
        hint={hint}
        inputMode="decimal"
        placeholder="Unlimited"
        value={value}
        disabled={disabled}
        error={invalid || undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setSaved(false);
        }}
        className="max-w-40"
      />
      {disabled ? null : (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant="secondary" disabled={pending || value.trim() === toGb(baseline)}>
            {pending ? 'Saving…' : 'Save quota'}
          </Button>
          <p role="status" aria-live="polite" className="text-success text-sm empty:hidden">
            {saved ? 'Saved.' : ''}
          </p>
        </div>
      )}
      <div role="alert" className="text-danger text-sm empty:hidden">
        {error ? errorMessage(error) : ''}
      </div>
    </form>
  );
}

type ProjectQuotaFormProps = { project: string; quotaBytes: number | null; isSystemAdmin: boolean };

/** The project's storage quota on its Settings tab (system administrators change it). */
export function ProjectQuotaForm({ project, quotaBytes, isSystemAdmin }: ProjectQuotaFormProps) {
  const router = useRouter();
  const update = useUpdateProject(project);
  return (
    <QuotaInput
      id="settings-quota"
      label="Storage quota (GB)"
      hint={
        isSystemAdmin
          ? 'At or over the quota, pushes are refused (pull and delete still work). Empty: no limit.'
          : 'Only system administrators can change the quota. At or over it, pushes are refused.'
      }
      initialBytes={quotaBytes}
      disabled={!isSystemAdmin}
      pending={update.isPending}
      error={update.error}
      onSave={(bytes, done) =>
        update.mutate(
          { quotaBytes: bytes },
          {
            onSuccess: () => {
              done();
              router.refresh();
            },
          },
        )
      }
    />
  );
}

/** The quota new projects start with (Administration). */
export function DefaultQuotaSetting({ initial }: { initial: number | null }) {
  const update = useUpdateSettings();
  return (
    <QuotaInput
      id="default-quota"
      label="Default storage quota for new projects (GB)"
      hint="Empty: new projects have no limit. Existing projects keep theirs."
      initialBytes={initial}
      pending={update.isPending}
      error={update.error}
      onSave={(bytes, done) => update.mutate({ defaultQuotaBytes: bytes }, { onSuccess: done })}
    />
  );
}
