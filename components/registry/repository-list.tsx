import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDate } from '@/lib/format';
import type { RepositorySummary } from '@/lib/registry/queries';

/** A project's repositories (server component); `empty` is shown when there are none (how to push, or no match). */
export function RepositoryList({
  project,
  items,
  empty,
}: {
  project: string;
  items: RepositorySummary[];
  empty: ReactNode;
}) {
  if (items.length === 0) return <>{empty}</>;
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
