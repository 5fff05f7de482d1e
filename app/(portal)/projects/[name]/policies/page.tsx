import type { Metadata } from 'next';
import { RetentionPanel } from '@/components/policies/retention-panel';
import { RetentionRuns } from '@/components/policies/retention-runs';
import { denialReason } from '@/lib/permissions';
import { getRetentionPolicy, listRetentionRuns } from '@/lib/policies/retention';
import { getProjectForSignedInPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Policies' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectPoliciesPage({ params }: Props) {
  const { actor, project } = await getProjectForSignedInPage((await params).name);
  const [policy, runs] = await Promise.all([
    getRetentionPolicy(actor, project.name),
    listRetentionRuns(actor, project.name),
  ]);
  return (
    <>
      <RetentionPanel
        project={project.name}
        initial={{ rules: policy.rules, schedule: policy.schedule }}
        canWrite={project.permissions['retention.write'] === true}
        writeDenial={denialReason('retention.write')}
      />
      <RetentionRuns runs={runs.items} />
    </>
  );
}
