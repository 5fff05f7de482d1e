import type { ReactNode } from 'react';
import { Dash, Td } from '@/components/ui/table';

type PersonCellsProps = {
  name: string;
  /** Badges after the name ("You", "Group"). */
  badges?: ReactNode;
  displayName?: string | null;
  email?: string | null;
};

/** A user's (or member's) first three cells: the name with its badges, display name and email. */
export function PersonCells({ name, badges, displayName, email }: PersonCellsProps) {
  return (
    <>
      <Td className="whitespace-nowrap">
        <div className="flex items-center gap-2">
          <span className="font-medium">{name}</span>
          {badges}
        </div>
      </Td>
      <Td className="whitespace-nowrap">{displayName ?? <Dash />}</Td>
      <Td className="whitespace-nowrap">{email ?? <Dash />}</Td>
    </>
  );
}
