import type { Metadata } from 'next';
import { DeleteProject } from '@/components/projects/delete-project';
import { ProjectNetworkRules } from '@/components/projects/project-network-rules';
import { ProjectSettingsForm } from '@/components/projects/project-settings-form';
import { isAdmin } from '@/lib/auth/actor';
import { denialReason } from '@/lib/permissions';
import { getProjectForSignedInPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Settings' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectSettingsPage({ params }: Props) {
  const { actor, project } = await getProjectForSignedInPage((await params).name);
  return (
    <>
      <ProjectSettingsForm
        project={project}
        canWrite={project.permissions['project.write'] === true}
        writeDenial={denialReason('project.write')}
      />
      <ProjectNetworkRules
        project={project}
        denial={project.permissions['project.write'] === true ? undefined : denialReason('project.write')}
      />
      <DeleteProject
        project={project}
        canDelete={project.permissions['project.delete'] === true}
        deleteDenial={denialReason('project.delete')}
        isSystemAdmin={isAdmin(actor)}
      />
    </>
  );
}
