import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CheckAccess } from '@/components/access/check-access';
import { SearchBox } from '@/components/ui/search-box';
import { TableSkeleton } from '@/components/ui/skeleton';
import { CreateUserButton } from '@/components/users/create-user-dialog';
import { UserList } from '@/components/users/user-list';
import { requireAdminPage } from '@/lib/auth/page-access';
import { pagingFromSearchParams } from '@/lib/schemas';

export const metadata: Metadata = { title: 'Users' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const me = await requireAdminPage();
  const paging = pagingFromSearchParams(await searchParams);
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <SearchBox id="user-search" label="Search users" placeholder="Search by username, name or email" />
        <CreateUserButton />
      </div>
      <Suspense key={`${paging.q}\n${paging.page}`} fallback={<TableSkeleton />}>
        <UserList paging={paging} currentUserId={me.id} />
      </Suspense>
      <CheckAccess suggestions={[]} />
    </>
  );
}
