import Link from 'next/link';
import { StorageUsage } from '@/components/policies/storage-usage';
import { Badge, VisibilityBadge } from '@/components/ui/badge';
import { formatDate, plural } from '@/lib/format';
import { ROLE_LABELS } from '@/lib/permissions';
import type { ProjectDetail } from '@/lib/projects/queries';

type ProjectHeaderProps = { project: ProjectDetail; isSystemAdmin: boolean; isSignedIn?: boolean };

/** The project's name, visibility, the user's role and a few facts, above its tabs. */
export function ProjectHeader({ project, isSystemAdmin, isSignedIn = true }: ProjectHeaderProps) {
  const role = project.role ? (
    <Badge tone="primary">Your role: {ROLE_LABELS[project.role]}</Badge>
  ) : isSystemAdmin ? (
    <Badge tone="primary">System administrator (not a member)</Badge>
  ) : (
    <Badge>Not a member</Badge>
  );
  return (
    <div className="mb-6">
      <nav aria-label="Breadcrumb" className="text-muted mb-2 text-sm">
        <Link href={isSignedIn ? '/projects' : '/'} className="hover:text-fg hover:underline">
          {isSignedIn ? 'Projects' : 'Explore'}
        </Link>
        <span aria-hidden="true" className="mx-1.5">
          /
        </span>
        <span aria-current="page">{project.name}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-2xl font-semibold tracking-tight break-all">{project.name}</h1>
        <VisibilityBadge isPublic={project.public} />
        {isSignedIn ? <span data-testid="project-role">{role}</span> : null}
      </div>
      {project.description ? (
        <p className="text-muted mt-2 max-w-3xl text-sm">{project.description}</p>
      ) : null}
      <p className="text-muted mt-2 text-xs">
        {plural(project.memberCount, 'member', 'members')} ·{' '}
        {plural(project.repositoryCount, 'repository', 'repositories')} · created{' '}
        {formatDate(project.createdAt)} · storage <StorageUsage {...project} />
      </p>
    </div>
  );
}
