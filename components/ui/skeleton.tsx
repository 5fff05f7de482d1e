/** Placeholder for a page that is loading: a title, a toolbar and table rows. */
export function PageSkeleton({ rows = 6, toolbar = true }: { rows?: number; toolbar?: boolean }) {
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse">
      <div className="bg-surface-muted h-8 w-48 rounded" />
      <div className="bg-surface-muted mt-2 mb-6 h-4 w-80 max-w-full rounded" />
      {toolbar ? <div className="bg-surface-muted mb-4 h-9 w-72 max-w-full rounded-md" /> : null}
      <TableSkeleton rows={rows} />
    </div>
  );
}

export function TableSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div aria-busy="true" className="border-border bg-surface animate-pulse rounded-lg border">
      <div className="bg-surface-muted/60 border-border h-10 border-b" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="border-border flex items-center gap-6 border-b px-4 py-3.5 last:border-b-0">
          <div className="bg-surface-muted h-4 w-40 rounded" />
          <div className="bg-surface-muted h-4 w-20 rounded" />
          <div className="bg-surface-muted hidden h-4 w-24 rounded sm:block" />
          <div className="bg-surface-muted hidden h-4 flex-1 rounded md:block" />
        </div>
      ))}
    </div>
  );
}

/** Placeholder blocks (cards, a form) in the given layout; each block's classes give its size. */
export function BlocksSkeleton({ className, blocks }: { className: string; blocks: string[] }) {
  return (
    <div aria-busy="true" aria-label="Loading" className={`animate-pulse ${className}`}>
      {blocks.map((size, i) => (
        <div key={i} className={`bg-surface-muted ${size}`} />
      ))}
    </div>
  );
}
