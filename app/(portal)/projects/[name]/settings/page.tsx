import type { Metadata } from 'next';
import { ProjectQuotaForm } from '@/components/policies/quota-form';
import { DeleteProject } from '@/components/projects/delete-project';
import { ProjectNetworkRules } from '@/components/projects/project-network-rules';
import { Card } from '@/components/ui/card';
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
      <Card className="mt-6 max-w-2xl">
        <h2 className="mb-3 text-base font-semibold">Storage</h2>
        <ProjectQuotaForm
          project={project.name}
          quotaBytes={project.quotaBytes}
          isSystemAdmin={isAdmin(actor)}
        />
      </Card>
      <DeleteProject
        project={project}
        canDelete={project.permissions['project.delete'] === true}
        deleteDenial={denialReason('project.delete')}
        isSystemAdmin={isAdmin(actor)}
      />
    </>
  );
}
