import type { Metadata } from 'next';
import { PushHint } from '@/components/projects/push-hint';
import { Card, EmptyState } from '@/components/ui/card';
import { getEnv } from '@/lib/env';
import { plural } from '@/lib/format';
import { getProjectForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Repositories' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectRepositoriesPage({ params }: Props) {
  const { project } = await getProjectForPage((await params).name);
  const hint = (
    <PushHint
      host={new URL(getEnv().WHARF_URL).host}
      project={project.name}
      canPush={project.permissions.push === true}
    />
  );
  if (project.repositoryCount === 0) {
    return (
      <EmptyState title="No repositories yet" footer={hint}>
        Repositories appear here after the first push to this project.
      </EmptyState>
    );
  }
  return (
    <Card>
      <h2 className="text-base font-semibold">
        {plural(project.repositoryCount, 'repository', 'repositories')}
      </h2>
      <p className="text-muted mt-1 mb-5 text-sm">
        Browsing repositories and tags arrives with the registry view. Push more images with:
      </p>
      {hint}
    </Card>
  );
}
