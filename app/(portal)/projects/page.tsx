import type { Metadata } from 'next';
import { EmptyState, PageHeader } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Projects' };

export default function ProjectsPage() {
  return (
    <>
      <PageHeader
        title="Projects"
        description="A project holds the repositories whose names start with it, and who may use them."
      />
      <EmptyState title="No projects yet">Projects you can see will be listed here.</EmptyState>
    </>
  );
}
