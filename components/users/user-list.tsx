import { PersonCells } from '@/components/users/person-cells';
import { UserRowActions } from '@/components/users/user-row-actions';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/card';
import { PagedTable } from '@/components/ui/paged-table';
import { ActionsTh, Dash, Td, Th, Tr } from '@/components/ui/table';
import { formatDate } from '@/lib/format';
import type { Paging } from '@/lib/schemas';
import { listUsers, toUserJson } from '@/lib/users/queries';

/** One page of users for administrators (search and page come from the URL). */
export async function UserList({ paging, currentUserId }: { paging: Paging; currentUserId: number }) {
  const page = await listUsers({ isAdmin: true }, paging);
  if (page.total === 0) {
    return (
      <EmptyState title={paging.q ? `No users match “${paging.q}”` : 'No users'}>
        Usernames, display names and email addresses are searched.
      </EmptyState>
    );
  }
  return (
    <PagedTable
      label="Users"
      head={
        <>
          <Th>Username</Th>
          <Th>Display name</Th>
          <Th>Email</Th>
          <Th>Source</Th>
          <Th>Admin</Th>
          <Th>Status</Th>
          <Th>Last sign-in</Th>
          <ActionsTh />
        </>
      }
      page={page}
      row={(item) => {
        const user = toUserJson(item);
        const isSelf = item.id === currentUserId;
        return (
          <Tr key={user.username}>
            <PersonCells
              name={user.username}
              badges={isSelf ? <Badge tone="primary">You</Badge> : null}
              displayName={user.displayName}
              email={user.email}
            />
            <Td className="whitespace-nowrap">
              {user.source === 'ldap' ? 'LDAP' : user.source === 'oidc' ? 'OIDC' : 'Local'}
            </Td>
            <Td>{user.admin ? <Badge tone="primary">Admin</Badge> : <Dash />}</Td>
            <Td>
              {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
            </Td>
            <Td className="text-muted whitespace-nowrap tabular-nums">{formatDate(user.lastLoginAt)}</Td>
            <Td className="text-right">
              <UserRowActions
                username={user.username}
                isAdmin={user.admin === true}
                isDisabled={user.disabled === true}
                isLocal={user.source === 'local'}
                isSelf={isSelf}
              />
            </Td>
          </Tr>
        );
      }}
      pathname="/admin/users"
      params={{ q: paging.q }}
      noun={['user', 'users']}
    />
  );
}
