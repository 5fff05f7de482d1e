import Link from 'next/link';
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

type TableProps = {
  label: string;
  children: ReactNode;
  /** Extra classes of the table, e.g. a minimum width below which the box scrolls. */
  className?: string;
};

/** A bordered table that scrolls sideways in a narrow window instead of squeezing its columns. */
export function Table({ label, children, className = '' }: TableProps) {
  return (
    <div className="border-border bg-surface overflow-x-auto rounded-lg border shadow-sm">
      <table aria-label={label} className={`w-full border-collapse text-sm ${className}`}>
        {children}
      </table>
    </div>
  );
}

export function THead({ children }: { children: ReactNode }) {
  return (
    <thead className="bg-surface-muted/60 border-border border-b">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className = '', children, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={`text-muted px-4 py-2.5 text-left text-xs font-medium tracking-wide whitespace-nowrap uppercase ${className}`}
      {...props}
    >
      {children}
    </th>
  );
}

/** A column; with a `key` the server sorts by it (`key` ascending, `-key` descending). */
export type SortableColumn = { key: string | null; label: string };

/**
 * A header cell whose link sorts by its column (descending first, then the other way), with
 * aria-sort and an arrow on the column the list is sorted by; a plain cell without a key.
 */
export function SortableTh({
  column: { key, label },
  sort,
  href,
}: {
  column: SortableColumn;
  /** The list's sort now ("name", "-pushed"). */
  sort: string;
  /** The link for another sort. */
  href: (sort: string) => string;
}) {
  if (!key) return <Th>{label}</Th>;
  const descending = sort === `-${key}`;
  const active = descending || sort === key;
  return (
    <Th aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
      <Link href={href(descending ? key : `-${key}`)} className="hover:text-fg">
        {label} {active ? (descending ? '↓' : '↑') : ''}
      </Link>
    </Th>
  );
}

type TrProps = HTMLAttributes<HTMLTableRowElement> & { continued?: boolean; 'data-testid'?: string };

/** The header of a column of row actions (named for screen readers only). */
export function ActionsTh() {
  return (
    <Th>
      <span className="sr-only">Actions</span>
    </Th>
  );
}

/** What a cell shows for a missing value. */
export function Dash() {
  return <span className="text-muted">—</span>;
}

/** A body row; `continued` leaves out the divider when a detail row (an error) belongs below it. */
export function Tr({ children, continued = false, ...props }: TrProps) {
  return (
    <tr
      className={`border-border ${continued ? '' : 'border-b last:border-b-0'} hover:bg-surface-muted/40`}
      {...props}
    >
      {children}
    </tr>
  );
}

/** A row across every column with one muted sentence (a list that is empty). */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="text-muted px-4 py-6 text-center">
        {children}
      </td>
    </tr>
  );
}

export function Td({ className = '', children, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return (
    <td className={`px-4 py-3 align-middle ${className}`} {...props}>
      {children}
    </td>
  );
}
