'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export type Tab = {
  href: string;
  label: string;
  /** Active only on this exact path (an overview tab). */ exact?: boolean;
};

/** Tabs that are routes: the current one is marked with aria-current="page". */
export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="border-border mb-6 overflow-x-auto border-b">
      <ul className="-mb-px flex gap-1">
        {tabs.map((tab) => {
          const active = tab.exact
            ? pathname === tab.href
            : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={`block border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
                  active
                    ? 'border-primary text-fg font-medium'
                    : 'text-muted hover:text-fg hover:border-border border-transparent'
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
