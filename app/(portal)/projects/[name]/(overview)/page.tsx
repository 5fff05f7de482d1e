import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProjectRepositories } from '@/components/projects/project-repositories';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { getProjectForPage } from '@/lib/projects/page';
import { pagingFromSearchParams } from '@/lib/schemas';

export const metadata: Metadata = { title: 'Repositories' };

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ProjectRepositoriesPage({ params, searchParams }: Props) {
  const { actor, project } = await getProjectForPage((await params).name);
  const paging = pagingFromSearchParams(await searchParams);
  return (
    <>
      {project.repositoryCount > 0 ? (
        <div className="mb-4">
          <SearchBox id="repository-search" label="Search repositories" placeholder="Search repositories" />
        </div>
      ) : null}
      <Suspense key={`${paging.q}\n${paging.page}`} fallback={<TableSkeleton rows={4} />}>
        <ProjectRepositories actor={actor} project={project} paging={paging} />
      </Suspense>
    </>
  );
}
