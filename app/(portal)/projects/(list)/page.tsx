import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NewProjectButton } from '@/components/projects/create-project-dialog';
import { ProjectList } from '@/components/projects/project-list';
import { PageHeader } from '@/components/ui/card';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { requireActor } from '@/lib/auth/session';
import { canCreateProjects, PROJECT_CREATION_DENIED } from '@/lib/projects/mutations';
import { pagingFromSearchParams } from '@/lib/schemas';

export const metadata: Metadata = { title: 'Projects' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ProjectsPage({ searchParams }: Props) {
  const actor = await requireActor();
  const paging = pagingFromSearchParams(await searchParams);
  const canCreate = await canCreateProjects(actor);
  return (
    <>
      <PageHeader
        title="Projects"
        description="A project holds the repositories whose names start with it, and who may use them."
        actions={<NewProjectButton canCreate={canCreate} reason={PROJECT_CREATION_DENIED} />}
      />
      <div className="mb-4">
        <SearchBox id="project-search" label="Search projects" placeholder="Search projects by name" />
      </div>
      <Suspense key={`${paging.q}\n${paging.page}`} fallback={<TableSkeleton />}>
        <ProjectList actor={actor} paging={paging} canCreate={canCreate} />
      </Suspense>
    </>
  );
}
