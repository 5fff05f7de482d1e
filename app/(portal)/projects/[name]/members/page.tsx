import type { Metadata } from 'next';
import { CheckAccess } from '@/components/access/check-access';
import { MembersPanel } from '@/components/members/members-panel';
import { RolesHelp } from '@/components/members/roles-help';
import { actorUser } from '@/lib/auth/actor';
import { getEnv } from '@/lib/env';
import { listMembers } from '@/lib/members/queries';
import { listProjectRobots } from '@/lib/robots/mutations';
import { denialReason } from '@/lib/permissions';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Members' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectMembersPage({ params }: Props) {
  const { actor, project } = await requireProjectPermissionForPage((await params).name, 'members.read');
  const members = await listMembers(project.name, actor);
  const canWrite = project.permissions['members.write'] === true;
  // Project admins check access for their members and robots.
  const robots = canWrite ? await listProjectRobots(project.name, actor) : [];
  return (
    <>
      <MembersPanel
        project={project.name}
        initialMembers={members}
        canWrite={canWrite}
        writeDenial={denialReason('members.write')}
        currentUsername={actorUser(actor)?.username ?? ''}
        ldapEnabled={!!getEnv().LDAP_URL}
        oidcEnabled={!!getEnv().OIDC_ISSUER}
      />
      {canWrite ? (
        <CheckAccess
          repository={`${project.name}/`}
          suggestions={[
            ...members.flatMap((m) => (m.username ? [m.username] : [])),
            ...robots.map((r) => r.name),
          ]}
        />
      ) : null}
      <RolesHelp />
    </>
  );
}
