import type { ReactNode } from 'react';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

type Props = { children: ReactNode; params: Promise<{ name: string }> };

// Checked here, above loading.tsx, so that a role without 'members.read' gets a real 403.
export default async function ProjectMembersLayout({ children, params }: Props) {
  await requireProjectPermissionForPage((await params).name, 'members.read');
  return children;
}
