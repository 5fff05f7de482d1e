import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-2 px-4 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-muted text-sm">The page does not exist, or you may not see it.</p>
      <Link href="/projects" className="text-primary text-sm underline">
        Back to projects
      </Link>
    </main>
  );
}
