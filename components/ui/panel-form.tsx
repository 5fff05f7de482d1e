'use client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';

type PanelFormProps = {
  /** The form's accessible name. */
  label: string;
  submitLabel: string;
  pending: boolean;
  /** Sends the form; the form is cleared when it resolves, and what it throws is shown. */
  onSubmit: (form: FormData) => Promise<unknown>;
  /** The sentence for a failure. */
  describeError: (err: unknown) => string;
  children: ReactNode;
  /** Why the viewer may not create here: shown instead of the form. */
  denial?: string;
};

/** A boxed create form above a list (robots, webhooks): fields in two columns, submit, error. */
export function PanelForm({
  label,
  submitLabel,
  pending,
  onSubmit,
  describeError,
  children,
}: PanelFormProps) {
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setError(null);
    try {
      await onSubmit(new FormData(form));
      form.reset();
    } catch (err) {
      setError(describeError(err));
    }
  }

  return (
    <form
      onSubmit={(e) => void submit(e)}
      aria-label={label}
      className="border-border bg-surface grid gap-3 rounded-lg border p-4 sm:grid-cols-2"
    >
      {children}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
        <FormError className="mt-2">{error}</FormError>
      </div>
    </form>
  );
}
