'use client';
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { useGlobalSearch } from '@/lib/query/use-search';

/** Header search over projects and repositories the user may see. */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setTerm(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const { data } = useGlobalSearch(term);
  const items = [
    ...(data?.projects ?? []).map((p) => ({ href: `/projects/${p.name}`, label: p.name, kind: 'Project' })),
    ...(data?.repositories ?? []).map((r) => ({
      href: `/repositories/${r.name}`,
      label: r.name,
      kind: 'Repository',
    })),
  ];
  return (
    <div className="relative hidden md:block">
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search everything (projects, repositories)
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && items.length > 0}
        aria-controls={listId}
        placeholder="Search…"
        value={text}
        maxLength={100}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
        className="border-border bg-surface focus:border-primary w-56 rounded-md border px-3 py-1.5 text-sm focus:outline-none"
      />
      {open && term && (
        <ul
          id={listId}
          role="listbox"
          className="border-border bg-surface absolute right-0 z-30 mt-1 w-80 overflow-hidden rounded-md border shadow-lg"
        >
          {items.length === 0 ? (
            <li className="text-muted px-3 py-2 text-sm">{data ? 'Nothing found' : 'Searching…'}</li>
          ) : (
            items.map((item) => (
              <li key={item.href} role="option" aria-selected={false}>
                <Link
                  href={item.href}
                  className="hover:bg-surface-muted flex items-center justify-between px-3 py-2 text-sm"
                  onClick={() => setOpen(false)}
                >
                  <span className="truncate">{item.label}</span>
                  <span className="text-muted ml-2 text-xs">{item.kind}</span>
                </Link>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
