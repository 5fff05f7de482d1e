import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/** A bordered table that scrolls sideways in a narrow window instead of squeezing its columns. */
export function Table({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="border-border bg-surface overflow-x-auto rounded-lg border shadow-sm">
      <table aria-label={label} className="w-full border-collapse text-sm">
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

/** A body row; `continued` leaves out the divider when a detail row (an error) belongs below it. */
export function Tr({ children, continued = false }: { children: ReactNode; continued?: boolean }) {
  return (
    <tr className={`border-border ${continued ? '' : 'border-b last:border-b-0'} hover:bg-surface-muted/40`}>
      {children}
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
