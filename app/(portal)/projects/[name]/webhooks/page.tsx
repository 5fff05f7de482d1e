import type { Metadata } from 'next';
import { WebhooksPanel } from '@/components/webhooks/webhooks-panel';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

export const metadata: Metadata = { title: 'Webhooks' };

type Props = { params: Promise<{ name: string }> };

export default async function ProjectWebhooksPage({ params }: Props) {
  const { project } = await requireProjectPermissionForPage((await params).name, 'webhooks.read');
  return <WebhooksPanel project={project.name} canManage={project.permissions['webhooks.write'] === true} />;
}
