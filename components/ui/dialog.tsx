'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and returns focus
 * to the button that opened it. The content mounts only while open, so forms start fresh.
 */
export function Dialog({ open, onClose, title, description, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      className="border-border bg-surface text-fg m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border p-0 shadow-xl backdrop:bg-black/50 backdrop:backdrop-blur-[1px]"
    >
      {open ? (
        <div className="p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="text-muted mt-1 text-sm">
              {description}
            </div>
          ) : null}
          <div className="mt-5">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}

/** The button row at the bottom of a dialog's form. */
export function DialogActions({ children }: { children: ReactNode }) {
  return <div className="mt-6 flex flex-wrap justify-end gap-2">{children}</div>;
}

type FormFooterProps = {
  error: ReactNode;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  onCancel: () => void;
  /** Not ready to submit (e.g. the confirmation is not typed yet). */
  disabled?: boolean;
  /** A destructive submit is red. */
  danger?: boolean;
};

/** A dialog form's end: the announced error region, then Cancel and the submit button. */
export function DialogFormFooter({
  error,
  pending,
  submitLabel,
  pendingLabel,
  onCancel,
  disabled = false,
  danger = false,
}: FormFooterProps) {
  return (
    <>
      <FormError>{error}</FormError>
      <DialogActions>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={disabled || pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </DialogActions>
    </>
  );
}
