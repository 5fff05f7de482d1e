import Link from 'next/link';
import type { ReactNode } from 'react';
import { GlobalSearch } from '@/components/layout/global-search';
import { NavLinks } from '@/components/layout/nav-links';
import { SignOutButton } from '@/components/layout/sign-out-button';
import { ThemeToggle } from '@/components/layout/theme-toggle';

type ShellUser = { username: string; displayName: string | null; isAdmin: boolean; source?: string };

/** The page frame; `user` is null for signed-out visitors (they browse public projects). */
export function AppShell({ user, children }: { user: ShellUser | null; children: ReactNode }) {
  const links = user
    ? [
        { href: '/projects', label: 'Projects' },
        ...(user.isAdmin ? [{ href: '/admin', label: 'Administration' }] : []),
        { href: '/account', label: 'Account' },
      ]
    : [{ href: '/', label: 'Explore' }];
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-border bg-surface/95 sticky top-0 z-20 border-b backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
          <Link
            href={user ? '/projects' : '/'}
            className="flex items-center gap-2 font-semibold tracking-tight"
          >
            <svg aria-hidden="true" viewBox="0 0 32 32" className="text-primary h-6 w-6" fill="currentColor">
              <rect x="4" y="18" width="24" height="4" rx="1" />
              <rect x="7" y="10" width="7" height="7" rx="1" />
              <rect x="16" y="6" width="9" height="11" rx="1" />
            </svg>
            Wharf
          </Link>
          <NavLinks links={links} />
          <div className="ml-auto flex items-center gap-2">
            <GlobalSearch />
            {user ? (
              <span className="text-muted hidden text-sm sm:inline" data-testid="current-user">
                {user.displayName ?? user.username}
                {user.isAdmin ? (
                  <span className="bg-surface-muted ml-2 rounded px-1.5 py-0.5 text-xs">admin</span>
                ) : null}
              </span>
            ) : null}
            <ThemeToggle />
            {user ? (
              <SignOutButton viaProvider={user.source === 'OIDC'} />
            ) : (
              <Link
                href="/login"
                className="border-border hover:bg-surface-muted rounded-md border px-3 py-1.5 text-sm font-medium"
              >
                Sign in
              </Link>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">{children}</main>
      <footer className="border-border text-muted border-t">
        <div className="mx-auto flex max-w-7xl gap-4 px-4 py-4 text-sm sm:px-6">
          <Link href="/api-docs" className="hover:text-fg">
            API reference
          </Link>
          <a href="/api/v1/openapi.json" className="hover:text-fg">
            OpenAPI document
          </a>
        </div>
      </footer>
    </div>
  );
}
