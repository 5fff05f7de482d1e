import type { Metadata } from 'next';
import { RobotsPanel } from '@/components/robots/robots-panel';
import { denialReason } from '@/lib/permissions';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Robots' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectRobotsPage({ params }: Props) {
  const { project } = await requireProjectPermissionForPage((await params).name, 'robots.read');
  return (
    <RobotsPanel
      project={project.name}
      canManage={project.permissions['robots.write'] === true}
      reason={denialReason('robots.write')}
    />
  );
}
