'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

/** A search box that keeps its term in the URL (?q=), debounced, resetting to page 1. */
export function UrlSearchBox({ label, placeholder }: { label: string; placeholder: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get('q') ?? '');
  useEffect(() => {
    const current = params.get('q') ?? '';
    if (value === current) return;
    const timer = setTimeout(() => {
      const next = new URLSearchParams(params);
      if (value) next.set('q', value);
      else next.delete('q');
      next.delete('page');
      router.replace(`${pathname}?${next.toString()}`);
    }, 250);
    return () => clearTimeout(timer);
  }, [value, params, pathname, router]);
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{label}</span>
      <input
        type="search"
        value={value}
        maxLength={100}
        placeholder={placeholder}
        onChange={(e) => setValue(e.target.value)}
        className="border-border bg-surface focus:border-primary w-64 rounded-md border px-3 py-2 text-sm focus:outline-none"
      />
    </label>
  );
}
