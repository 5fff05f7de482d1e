import type { ReactNode } from 'react';
import { requireProjectPermissionForPage } from '@/lib/projects/page';

type Props = { children: ReactNode; params: Promise<{ name: string }> };

// Checked here, above loading.tsx, so that an outsider gets a real 403.
export default async function ProjectActivityLayout({ children, params }: Props) {
  await requireProjectPermissionForPage((await params).name, 'activity.read');
  return children;
}
