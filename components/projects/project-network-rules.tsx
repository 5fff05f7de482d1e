'use client';
import { useRouter } from 'next/navigation';
import { NetworkRulesForm, PROJECT_RULE_FIELDS } from '@/components/access/network-rules-form';
import { useUpdateProject, type ProjectDetail } from '@/lib/query/use-projects';

/** A project's network rules on its Settings tab (project admins change them). */
export function ProjectNetworkRules({ project, denial }: { project: ProjectDetail; denial?: string }) {
  const router = useRouter();
  const update = useUpdateProject(project.name);
  return (
    <NetworkRulesForm
      id="network-rules"
      title="Network rules"
      intro="Matched against the address of the docker or podman client asking for access."
      fields={PROJECT_RULE_FIELDS('project')}
      initial={{ anonymousPullCidrs: project.anonymousPullCidrs, pushCidrs: project.pushCidrs }}
      denial={denial}
      save={{
        mutate: (values, { onSuccess }) =>
          update.mutate(values, {
            onSuccess: () => {
              onSuccess();
              router.refresh();
            },
          }),
        isPending: update.isPending,
        error: update.error,
      }}
    />
  );
}
