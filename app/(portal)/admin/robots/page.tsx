import type { Metadata } from 'next';
import { RobotsPanel } from '@/components/robots/robots-panel';

export const metadata: Metadata = { title: 'Robots' };

// The admin layout already requires a system administrator.
export default function AdminRobotsPage() {
  return <RobotsPanel project={null} canManage />;
}
