import Link from 'next/link';
import { EmptyState } from '@/components/ui/card';
import { formatDate } from '@/lib/format';
import type { RepositorySummary } from '@/lib/registry/queries';

/** A project's repositories (server component); an empty state says how to push the first one. */
export function RepositoryList({
  project,
  items,
  pushHint,
}: {
  project: string;
  items: RepositorySummary[];
  pushHint: string;
}) {
  if (items.length === 0) {
    return (
      <EmptyState title="No repositories yet">
        Repositories appear after the first push:
        <code className="bg-surface-muted text-fg mt-2 block rounded px-2 py-1 font-mono text-xs">
          {pushHint}
        </code>
      </EmptyState>
    );
  }
  return (
    <div className="border-border bg-surface overflow-x-auto rounded-lg border">
      <table className="w-full min-w-[560px] text-left text-sm">
        <thead className="border-border bg-surface-muted text-muted border-b text-xs tracking-wide uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Repository
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Tags
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Last push
            </th>
            <th scope="col" className="px-4 py-2.5 font-medium">
              Last pull
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.name} className="border-border border-b last:border-0">
              <td className="px-4 py-2.5 font-medium">
                <Link href={`/repositories/${r.name}`} className="text-primary hover:underline">
                  {r.name.slice(project.length + 1)}
                </Link>
              </td>
              <td className="px-4 py-2.5">{r.tagCount}</td>
              <td className="px-4 py-2.5 whitespace-nowrap">{formatDate(r.lastPushAt)}</td>
              <td className="px-4 py-2.5 whitespace-nowrap">{formatDate(r.lastPullAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
