import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

// Shown with a 403 status, e.g. for the administration pages to someone who is not an administrator.
export default function Forbidden() {
  return (
    <div className="border-border bg-surface mx-auto max-w-lg rounded-lg border p-8 text-center">
      <p className="text-muted text-sm font-medium">403</p>
      <h1 className="mt-1 text-xl font-semibold">Not allowed</h1>
      <p className="text-muted mt-2 text-sm">
        You are signed in, but this page is only for system administrators.
      </p>
      <Link href="/projects" className={buttonClass('secondary', 'mt-5')}>
        Back to projects
      </Link>
    </div>
  );
}
