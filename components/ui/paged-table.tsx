import type { ComponentProps, ReactNode } from 'react';
import { Pagination } from '@/components/ui/pagination';
import { Table, THead } from '@/components/ui/table';
import type { Page } from '@/lib/schemas';

/** A page as the server's lists answer it; the audit log's total may be a lower bound. */
type PageOf<T> = Page<T> & { totalIsLowerBound?: boolean };

type PagedTableProps<T> = {
  label: string;
  /** The header cells (Th). */
  head: ReactNode;
  /** One page of a server-read list. */
  page: PageOf<T>;
  /** A body row (Tr) for an item. */
  row: (item: T) => ReactNode;
  /** Extra classes of the table (a minimum width). */
  className?: string;
} & Pick<ComponentProps<typeof Pagination>, 'pathname' | 'params' | 'noun'>;

/** One page of a list as a table, with "26–50 of 120" and Previous/Next links under it. */
export function PagedTable<T>({ label, head, page, row, className, ...links }: PagedTableProps<T>) {
  return (
    <>
      <Table label={label} className={className}>
        <THead>{head}</THead>
        <tbody>{page.items.map(row)}</tbody>
      </Table>
      <Pagination
        page={page.page}
        pageSize={page.pageSize}
        total={page.total}
        totalIsLowerBound={page.totalIsLowerBound}
        {...links}
      />
    </>
  );
}
