// The pieces the portal's forms share: a titled form, the announced error region, the
// Save row with its "Saved." status, and the box that shows a new secret once.
import type { FormEvent, HTMLAttributes, ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CopyField } from '@/components/ui/copy';

type SectionFormProps = {
  /** The heading's id is `<id>-title`; the form is labelled by it. */
  id: string;
  title: string;
  /** What goes under the heading (FormIntro paragraphs). */
  intro?: ReactNode;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
};

/** A form with a heading and an introduction; the browser's own validation stays off. */
export function SectionForm({ id, title, intro, onSubmit, children }: SectionFormProps) {
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} className="flex flex-col gap-4">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {intro}
      </div>
      {children}
    </form>
  );
}

/** A muted sentence under a form's heading. */
export function FormIntro({
  children,
  ...props
}: HTMLAttributes<HTMLParagraphElement> & { 'data-testid'?: string }) {
  return (
    <p className="text-muted mt-1 text-sm" {...props}>
      {children}
    </p>
  );
}

/** The error region screen readers announce (always rendered, hidden while empty). */
export function FormError({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <div role="alert" aria-live="assertive" className={`text-danger text-sm empty:hidden ${className}`}>
      {children}
    </div>
  );
}

/** A success sentence that is announced politely (hidden while empty). */
export function FormStatus({ children }: { children: ReactNode }) {
  return (
    <p role="status" aria-live="polite" className="text-success text-sm empty:hidden">
      {children}
    </p>
  );
}

type SaveRowProps = {
  label: string;
  pending: boolean;
  /** Nothing to save (no change). */
  disabled?: boolean;
  /** The status after saving ("Saved."), empty otherwise. */
  status: ReactNode;
  /** More buttons after the submit button. */
  children?: ReactNode;
};

/** The submit button ("Saving…" while pending), other actions, and the status. */
export function SaveRow({ label, pending, disabled = false, status, children }: SaveRowProps) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={disabled || pending}>
        {pending ? 'Saving…' : label}
      </Button>
      {children}
      <FormStatus>{status}</FormStatus>
    </div>
  );
}

/** A secret the server shows once (a token, a robot's or a webhook's secret), with a Copy button. */
export function SecretNotice({
  message,
  label,
  value,
  className = '',
}: {
  message: ReactNode;
  /** The label of the copy field. */
  label: string;
  value: string;
  className?: string;
}) {
  return (
    <div className={`border-warning/40 bg-warning-bg rounded-md border p-3 text-sm ${className}`}>
      <p className="text-warning mb-2 font-medium">{message}</p>
      <CopyField label={label} value={value} />
    </div>
  );
}
