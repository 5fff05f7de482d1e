import Link from 'next/link';
import { PagedTable } from '@/components/ui/paged-table';
import { Td, Th, Tr } from '@/components/ui/table';
import { formatDate } from '@/lib/format';
import type { RepositorySummary } from '@/lib/registry/queries';
import type { Page } from '@/lib/schemas';

/** One page of a project's repositories (server component), with its pagination. */
export function RepositoryList({
  project,
  page,
  q,
}: {
  project: string;
  page: Page<RepositorySummary>;
  /** The search term the links keep. */
  q?: string;
}) {
  return (
    <PagedTable
      label="Repositories"
      className="min-w-[560px]"
      head={
        <>
          <Th>Repository</Th>
          <Th>Tags</Th>
          <Th>Last push</Th>
          <Th>Last pull</Th>
        </>
      }
      page={page}
      row={(r) => (
        <Tr key={r.name}>
          <Td className="font-medium">
            <Link href={`/repositories/${r.name}`} className="text-primary hover:underline">
              {r.name.slice(project.length + 1)}
            </Link>
          </Td>
          <Td>{r.tagCount}</Td>
          <Td className="whitespace-nowrap">{formatDate(r.lastPushAt)}</Td>
          <Td className="whitespace-nowrap">{formatDate(r.lastPullAt)}</Td>
        </Tr>
      )}
      pathname={`/projects/${project}`}
      params={{ q: q ?? '' }}
      noun={['repository', 'repositories']}
    />
  );
}
