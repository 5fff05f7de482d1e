import Link from 'next/link';
import { StorageUsage } from '@/components/policies/storage-usage';
import { VisibilityBadge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/card';
import { PagedTable } from '@/components/ui/paged-table';
import { Dash, Td, Th, Tr } from '@/components/ui/table';
import type { Actor } from '@/lib/auth/actor';
import { ROLE_LABELS } from '@/lib/permissions';
import { listProjects } from '@/lib/projects/queries';
import type { Paging } from '@/lib/schemas';

type ProjectListProps = {
  actor: Actor;
  paging: Paging;
  canCreate: boolean;
  /** The page the list is on (its pagination links): /projects, or / (Explore) for signed-out visitors. */
  pathname?: string;
};

/** One page of the projects the user may see (server-rendered; search and page come from the URL). */
export async function ProjectList({ actor, paging, canCreate, pathname = '/projects' }: ProjectListProps) {
  const page = await listProjects(actor, paging);
  if (page.total === 0) {
    return paging.q ? (
      <EmptyState title={`No projects match “${paging.q}”`}>
        Project names are searched. Try a shorter part of the name.
      </EmptyState>
    ) : (
      <EmptyState title="No projects yet">
        {actor.kind === 'anonymous'
          ? 'There are no public projects. Sign in to see the projects you are a member of.'
          : canCreate
            ? 'Create the first project with “New project”. Its name becomes the first part of image names.'
            : 'Projects you are a member of, and public projects, are listed here. Ask a project admin to add you.'}
      </EmptyState>
    );
  }
  return (
    <PagedTable
      label="Projects"
      head={
        <>
          <Th>Name</Th>
          <Th>Your role</Th>
          <Th className="text-right">Members</Th>
          <Th className="text-right">Repositories</Th>
          <Th className="text-right">Storage</Th>
          <Th>Description</Th>
        </>
      }
      page={page}
      row={(p) => (
        <Tr key={p.name}>
          <Td>
            <div className="flex items-center gap-2">
              <Link
                href={`/projects/${p.name}`}
                className="text-primary font-medium whitespace-nowrap hover:underline"
              >
                {p.name}
              </Link>
              <VisibilityBadge isPublic={p.public} />
            </div>
          </Td>
          <Td className="whitespace-nowrap">{p.role ? ROLE_LABELS[p.role] : <Dash />}</Td>
          <Td className="text-right tabular-nums">{p.memberCount}</Td>
          <Td className="text-right tabular-nums">{p.repositoryCount}</Td>
          <Td className="text-right whitespace-nowrap tabular-nums">
            <StorageUsage {...p} />
          </Td>
          <Td className="text-muted max-w-md min-w-48">
            <p className="line-clamp-2" title={p.description || undefined}>
              {p.description || '—'}
            </p>
          </Td>
        </Tr>
      )}
      pathname={pathname}
      params={{ q: paging.q }}
      noun={['project', 'projects']}
    />
  );
}
