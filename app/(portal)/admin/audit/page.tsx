import type { Metadata } from 'next';
import { AuditLog } from '@/components/audit/audit-log';
import { requireAdminPage } from '@/lib/auth/page-access';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminAuditPage({ searchParams }: Props) {
  await requireAdminPage();
  return <AuditLog searchParams={await searchParams} pathname="/admin/audit" exportUrl="/api/v1/audit" />;
}
