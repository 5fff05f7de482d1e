export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading" className="grid animate-pulse gap-4 sm:grid-cols-3">
      <div className="bg-surface-muted h-24 rounded-lg" />
      <div className="bg-surface-muted h-24 rounded-lg" />
      <div className="bg-surface-muted h-24 rounded-lg" />
    </div>
  );
}
