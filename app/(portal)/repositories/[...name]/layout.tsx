import type { ReactNode } from 'react';
import { getRepositoryForPage } from '@/lib/registry/page';

type Props = { children: ReactNode; params: Promise<{ name: string[] }> };

// The check runs here, above loading.tsx: a repository the user may not see is a real 404.
export default async function RepositoryLayout({ children, params }: Props) {
  await getRepositoryForPage((await params).name.join('/'));
  return children;
}
