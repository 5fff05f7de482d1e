'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';

type SearchBoxProps = { id: string; label: string; placeholder?: string; delayMs?: number };

/**
 * The search term of a server-rendered list, kept in the URL (`?q=`): typing updates the URL
 * after a short pause and goes back to the first page; Enter searches at once.
 */
export function SearchBox({ id, label, placeholder, delayMs = 300 }: SearchBoxProps) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get('q') ?? '');
  const [isPending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function search(term: string) {
    clearTimeout(timer.current);
    const next = new URLSearchParams(params.toString());
    if (term.trim()) next.set('q', term.trim());
    else next.delete('q');
    next.delete('page');
    const query = next.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  }

  function onChange(term: string) {
    setValue(term);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => search(term), delayMs);
  }

  // Leaving the box searches at once, so a late search cannot replace a link the user clicked.
  function onBlur() {
    if ((params.get('q') ?? '') !== value.trim()) search(value);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    search(value);
  }

  return (
    <form role="search" onSubmit={onSubmit} className="relative w-full max-w-sm">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="text-muted pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <circle cx="11" cy="11" r="7" />
        <path d="M20 20l-3.5-3.5" />
      </svg>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        placeholder={placeholder}
        maxLength={100}
        autoComplete="off"
        aria-busy={isPending || undefined}
        className="border-border bg-surface text-fg placeholder:text-muted focus:border-primary w-full rounded-md border py-2 pr-3 pl-9 text-sm focus:outline-none"
      />
    </form>
  );
}
