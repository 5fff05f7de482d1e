import type { ReactNode } from 'react';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

type Props = { children: ReactNode; params: Promise<{ name: string }> };

// Checked here, above loading.tsx, so that a role without 'webhooks.read' gets a real 403.
export default async function ProjectWebhooksLayout({ children, params }: Props) {
  await requireProjectPermissionForPage((await params).name, 'webhooks.read');
  return children;
}
