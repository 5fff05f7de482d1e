import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

type PaginationProps = {
  page: number;
  pageSize: number;
  total: number;
  /** The list's path, e.g. "/projects". */
  pathname: string;
  /** The other URL parameters to keep (the search term). */
  params?: Record<string, string>;
  noun?: [one: string, many: string];
  /** The total was counted up to a cap: there may be more ("of 100000+"). */
  totalIsLowerBound?: boolean;
};

/** "26–50 of 120" with Previous and Next links that keep the search in the URL. */
export function Pagination({
  page,
  pageSize,
  total,
  pathname,
  params = {},
  noun,
  totalIsLowerBound = false,
}: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const href = (p: number) => {
    const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
    if (p > 1) search.set('page', String(p));
    const query = search.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  const word = noun ? ` ${total === 1 ? noun[0] : noun[1]}` : '';
  const disabled = 'pointer-events-none opacity-50';
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted" aria-live="polite">
        {total === 0 ? `0${word}` : `${first}–${last} of ${total}${totalIsLowerBound ? '+' : ''}${word}`}
      </p>
      {pages > 1 ? (
        <div className="flex items-center gap-2">
          <Link
            href={href(page - 1)}
            aria-disabled={page <= 1}
            tabIndex={page <= 1 ? -1 : undefined}
            className={buttonClass('secondary', page <= 1 ? disabled : '')}
          >
            Previous
          </Link>
          <span className="text-muted px-1">
            Page {Math.min(page, pages)} of {pages}
          </span>
          <Link
            href={href(page + 1)}
            aria-disabled={page >= pages}
            tabIndex={page >= pages ? -1 : undefined}
            className={buttonClass('secondary', page >= pages ? disabled : '')}
          >
            Next
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
