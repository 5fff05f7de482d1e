import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

type Described = { id: string; error?: string; hint?: ReactNode };

/** The look of a text input or select (also for inputs built elsewhere, e.g. a combobox). */
export const CONTROL =
  'border-border bg-surface text-fg placeholder:text-muted focus:border-primary rounded-md border px-3 py-2 text-sm focus:outline-none disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-danger';

/** aria-invalid and aria-describedby for a control with a hint and an error region. */
function describedBy({ id, error, hint }: Described) {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** The hint and the error region that screen readers announce (always rendered, so it is live). */
function FieldMessages({ id, error, hint }: Described) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="text-muted text-xs">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-error`} aria-live="polite" className="text-danger text-xs empty:hidden">
        {error}
      </p>
    </>
  );
}

export function Label({ id, label }: { id: string; label: string }) {
  return (
    <label htmlFor={id} className="text-sm font-medium">
      {label}
    </label>
  );
}

/** The label above a control, and its hint and error region below. */
function Labelled({ id, label, error, hint, children }: Described & { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label id={id} label={label} />
      {children}
      <FieldMessages id={id} error={error} hint={hint} />
    </div>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & Described & { label: string };

/** A labelled input with an error region that screen readers announce. */
export function Field({ label, id, error, hint, className = '', ...props }: FieldProps) {
  return (
    <Labelled id={id} label={label} error={error} hint={hint}>
      <input id={id} {...describedBy({ id, error, hint })} className={`${CONTROL} ${className}`} {...props} />
    </Labelled>
  );
}

type TextareaFieldProps = TextareaHTMLAttributes<HTMLTextAreaElement> & Described & { label: string };

export function TextareaField({ label, id, error, hint, className = '', ...props }: TextareaFieldProps) {
  return (
    <Labelled id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        {...describedBy({ id, error, hint })}
        className={`${CONTROL} min-h-20 ${className}`}
        {...props}
      />
    </Labelled>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement>;

/** A native select in the field style (for tables, where the label is aria-label). */
export function Select({ className = '', children, ...props }: SelectProps) {
  return (
    <select className={`${CONTROL} py-1.5 pr-8 ${className}`} {...props}>
      {children}
    </select>
  );
}

type SelectFieldProps = SelectProps & Described & { label: string };

export function SelectField({
  label,
  id,
  error,
  hint,
  className = '',
  children,
  ...props
}: SelectFieldProps) {
  return (
    <Labelled id={id} label={label} error={error} hint={hint}>
      <Select id={id} {...describedBy({ id, error, hint })} className={className} {...props}>
        {children}
      </Select>
    </Labelled>
  );
}

type CheckboxFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> &
  Described & { label: string; asSwitch?: boolean };

/** A checkbox (or a switch, for on/off settings) with its label to the right and a hint below. */
export function CheckboxField({
  label,
  id,
  error,
  hint,
  asSwitch,
  className = '',
  ...props
}: CheckboxFieldProps) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        role={asSwitch ? 'switch' : undefined}
        {...describedBy({ id, error, hint })}
        className={`accent-primary mt-0.5 h-4 w-4 shrink-0 disabled:cursor-not-allowed ${className}`}
        {...props}
      />
      <div className="flex flex-col gap-1">
        <Label id={id} label={label} />
        <FieldMessages id={id} error={error} hint={hint} />
      </div>
    </div>
  );
}
