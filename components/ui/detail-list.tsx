import type { ReactNode } from 'react';

type DetailListProps = {
  /** Label and value pairs. */
  rows: Array<[string, ReactNode]>;
  /** The grid's columns and spacing. */
  className: string;
  valueClassName?: string;
  'data-testid'?: string;
};

/** Label and value rows as a two-column description list. */
export function DetailList({ rows, className, valueClassName = 'break-all', ...props }: DetailListProps) {
  return (
    <dl className={`grid ${className}`} {...props}>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted">{label}</dt>
          <dd className={valueClassName}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
