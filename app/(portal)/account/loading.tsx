export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="max-w-2xl animate-pulse space-y-4">
      <div className="bg-surface-muted h-8 w-48 rounded" />
      <div className="bg-surface-muted h-48 rounded-lg" />
      <div className="bg-surface-muted h-64 rounded-lg" />
    </div>
  );
}
