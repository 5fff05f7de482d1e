import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function ProjectNotFound() {
  return (
    <div className="border-border bg-surface mx-auto max-w-lg rounded-lg border p-8 text-center">
      <p className="text-muted text-sm font-medium">404</p>
      <h1 className="mt-1 text-xl font-semibold">Project not found</h1>
      <p className="text-muted mt-2 text-sm">
        There is no such project, or it is private and you are not a member. A project admin can add you.
      </p>
      <Link href="/projects" className={buttonClass('secondary', 'mt-5')}>
        Back to projects
      </Link>
    </div>
  );
}
