export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="h-8 w-48 rounded bg-surface-muted" />
      <div className="h-4 w-80 rounded bg-surface-muted" />
      <div className="h-40 rounded-lg bg-surface-muted" />
    </div>
  );
}
