import type { ReactNode } from 'react';

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <section className={`border-border bg-surface rounded-lg border p-5 shadow-sm ${className}`}>
      {children}
    </section>
  );
}

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-muted mt-1 text-sm">{description}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  footer,
}: {
  title: string;
  children?: ReactNode;
  /** Left-aligned content under the text, e.g. a command to copy. */
  footer?: ReactNode;
}) {
  return (
    <div className="border-border bg-surface flex flex-col items-center justify-center rounded-lg border border-dashed px-6 py-14 text-center">
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="text-muted mb-3 h-10 w-10"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      >
        <path d="M3 7l9-4 9 4-9 4-9-4zm0 5l9 4 9-4M3 17l9 4 9-4" />
      </svg>
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="text-muted mt-1 max-w-md text-sm">{children}</div> : null}
      {footer ? <div className="mt-6 w-full max-w-2xl text-left">{footer}</div> : null}
    </div>
  );
}

export function Alert({
  kind = 'error',
  children,
}: {
  kind?: 'error' | 'warning' | 'success';
  children: ReactNode;
}) {
  const styles = {
    error: 'border-danger/40 bg-danger-bg text-danger',
    warning: 'border-warning/40 bg-warning-bg text-warning',
    success: 'border-success/40 bg-success-bg text-success',
  }[kind];
  return (
    <div
      role={kind === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-3 py-2 text-sm ${styles}`}
    >
      {children}
    </div>
  );
}
