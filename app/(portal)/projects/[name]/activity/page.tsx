import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/audit-log';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Activity' };

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ProjectActivityPage({ params, searchParams }: Props) {
  const { project } = await requireProjectPermissionForPage((await params).name, 'activity.read');
  const base = `/projects/${encodeURIComponent(project.name)}`;
  return (
    <AuditLog
      searchParams={await searchParams}
      pathname={`${base}/activity`}
      exportUrl={`/api/v1${base}/activity`}
      project={project.name}
    />
  );
}
