import type { Metadata } from 'next';
import { RobotsPanel } from '@/components/robots/robots-panel';
import { EmptyState } from '@/components/ui/card';
import { denialReason } from '@/lib/permissions';
import { getProjectForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Robots' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectRobotsPage({ params }: Props) {
  const { project } = await getProjectForPage((await params).name);
  if (!project.permissions['robots.read']) {
    return <EmptyState title="Robot accounts are not shown">{denialReason('robots.read')}</EmptyState>;
  }
  return (
    <RobotsPanel
      project={project.name}
      canManage={project.permissions['robots.write'] === true}
      reason={denialReason('robots.write')}
    />
  );
}
