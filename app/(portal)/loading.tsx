export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="animate-pulse space-y-4">
      <div className="bg-surface-muted h-8 w-48 rounded" />
      <div className="bg-surface-muted h-4 w-80 rounded" />
      <div className="bg-surface-muted h-40 rounded-lg" />
    </div>
  );
}
