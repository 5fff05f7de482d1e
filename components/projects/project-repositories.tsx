import { PushHint } from '@/components/projects/push-hint';
import { RepositoryList } from '@/components/registry/repository-list';
import { EmptyState } from '@/components/ui/card';
import type { Actor } from '@/lib/auth/actor';
import type { ProjectDetail } from '@/lib/projects/queries';
import { registryPublicHost } from '@/lib/registry/public-host';
import { listRepositories } from '@/lib/registry/queries';
import type { Paging } from '@/lib/schemas';

type ProjectRepositoriesProps = { actor: Actor; project: ProjectDetail; paging: Paging };

/** One page of the project's repositories; with none yet, how to push the first one. */
export async function ProjectRepositories({ actor, project, paging }: ProjectRepositoriesProps) {
  const [page, { host }] = await Promise.all([
    listRepositories(project.name, actor, paging),
    registryPublicHost(),
  ]);
  const hint = (
    <PushHint
      host={host}
      project={project.name}
      canPush={project.permissions.push === true}
      tokenOnly={actor.kind === 'user' && actor.user.source === 'OIDC'}
    />
  );
  const empty = paging.q ? (
    <EmptyState title={`No repositories match “${paging.q}”`}>Repository names are searched.</EmptyState>
  ) : (
    <EmptyState title="No repositories yet" footer={hint}>
      Repositories appear here after the first push to this project.
    </EmptyState>
  );
  if (page.items.length === 0) return empty;
  return (
    <>
      <RepositoryList project={project.name} page={page} q={paging.q} />
      <details className="border-border bg-surface mt-6 rounded-lg border px-5 py-3 text-sm">
        <summary className="cursor-pointer font-medium">Push an image</summary>
        <div className="mt-4 max-w-2xl">{hint}</div>
      </details>
    </>
  );
}
