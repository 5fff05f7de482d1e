import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ProjectHeader } from '@/components/projects/project-header';
import { TabNav } from '@/components/ui/tab-nav';
import { isAdmin } from '@/lib/auth/actor';
import { getProjectForPage } from '@/lib/projects/page';

type Props = { children: ReactNode; params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Omit<Props, 'children'>): Promise<Metadata> {
  const { project } = await getProjectForPage((await params).name);
  return { title: { default: project.name, template: `%s · ${project.name} · Wharf` } };
}

export default async function ProjectLayout({ children, params }: Props) {
  const { actor, project } = await getProjectForPage((await params).name);
  const base = `/projects/${project.name}`;
  return (
    <>
      <ProjectHeader project={project} isSystemAdmin={isAdmin(actor)} isSignedIn={actor.kind === 'user'} />
      <TabNav
        label="Project"
        tabs={[
          { href: base, label: 'Repositories', exact: true },
          // Signed-out visitors of a public project see its repositories only.
          ...(actor.kind === 'user'
            ? [
                { href: `${base}/members`, label: 'Members' },
                ...(project.permissions['activity.read']
                  ? [{ href: `${base}/activity`, label: 'Activity' }]
                  : []),
                { href: `${base}/robots`, label: 'Robots' },
                { href: `${base}/policies`, label: 'Policies' },
                ...(project.permissions['webhooks.read']
                  ? [{ href: `${base}/webhooks`, label: 'Webhooks' }]
                  : []),
                { href: `${base}/settings`, label: 'Settings' },
              ]
            : []),
        ]}
      />
      {children}
    </>
  );
}
