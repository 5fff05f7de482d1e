import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { ProjectList } from '@/components/projects/project-list';
import { PageHeader } from '@/components/ui/card';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { ANONYMOUS } from '@/lib/auth/actor';
import { getCurrentActor } from '@/lib/auth/session';
import { pagingFromSearchParams } from '@/lib/schemas';

export const metadata: Metadata = { title: 'Explore' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The landing page: signed-in users go to their projects; everyone else explores public ones.
export default async function ExplorePage({ searchParams }: Props) {
  if (await getCurrentActor()) redirect('/projects');
  const paging = pagingFromSearchParams(await searchParams);
  return (
    <>
      <PageHeader
        title="Explore"
        description="Public projects: anyone may browse their repositories and pull their images. Sign in to see your own projects."
      />
      <div className="mb-4">
        <SearchBox id="project-search" label="Search projects" placeholder="Search public projects by name" />
      </div>
      <Suspense key={`${paging.q}\n${paging.page}`} fallback={<TableSkeleton />}>
        <ProjectList actor={ANONYMOUS} paging={paging} canCreate={false} pathname="/" />
      </Suspense>
    </>
  );
}
