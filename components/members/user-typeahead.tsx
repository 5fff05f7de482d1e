'use client';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CONTROL, Label } from '@/components/ui/field';
import { useUserSearchQuery, type UserJson } from '@/lib/query/use-users';

type UserTypeaheadProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Usernames that cannot be picked (already members), shown but disabled. */
  unavailable?: ReadonlySet<string>;
  unavailableNote?: string;
  delayMs?: number;
};

/**
 * A combobox that searches users by username, display name or email as you type (debounced).
 * Arrow keys move through the list (aria-activedescendant), Enter picks, Escape closes.
 */
export function UserTypeahead({
  id,
  label,
  value,
  onChange,
  error,
  unavailable = new Set(),
  unavailableNote = 'already a member',
  delayMs = 250,
}: UserTypeaheadProps) {
  const [term, setTerm] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const search = useUserSearchQuery(term);

  useEffect(() => () => clearTimeout(timer.current), []);

  const users: UserJson[] = term ? (search.data?.items ?? []) : [];
  const listboxId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const isUnavailable = (u: UserJson) => unavailable.has(u.username);
  const expanded = open && term.length > 0;

  function type(next: string) {
    onChange(next);
    setOpen(true);
    setActive(-1);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setTerm(next.trim()), delayMs);
  }

  function pick(user: UserJson) {
    if (isUnavailable(user)) return;
    clearTimeout(timer.current);
    onChange(user.username);
    setTerm('');
    setOpen(false);
    setActive(-1);
  }

  function move(step: number) {
    if (!users.length) return;
    setOpen(true);
    setActive((i) => (i + step + users.length) % users.length);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Enter' && expanded && users[active]) pick(users[active]);
    else if (event.key === 'Escape' && expanded) setOpen(false);
    else return;
    event.preventDefault();
  }

  const status = !term
    ? ''
    : search.isError
      ? 'The user search failed.'
      : search.isFetching && !search.data
        ? 'Searching…'
        : users.length === 0
          ? `No users match “${term}”.`
          : `${users.length}${search.data && search.data.total > users.length ? ` of ${search.data.total}` : ''} ${
              users.length === 1 && !(search.data && search.data.total > 1) ? 'user' : 'users'
            } found. Use the arrow keys to choose.`;

  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');

  return (
    <div className="flex flex-col gap-1.5">
      <Label id={id} label={label} />
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          value={value}
          onChange={(e) => type(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => value && setOpen(true)}
          onBlur={() => setOpen(false)}
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          placeholder="Search by username, name or email"
          className={`${CONTROL} w-full`}
        />
        <ul
          id={listboxId}
          role="listbox"
          aria-label={`${label}: suggestions`}
          hidden={!expanded || users.length === 0}
          className="border-border bg-surface absolute top-full right-0 left-0 z-30 mt-1 max-h-72 overflow-y-auto rounded-md border p-1 shadow-lg"
        >
          {users.map((user, i) => {
            const disabled = isUnavailable(user);
            return (
              <li
                key={user.username}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                aria-disabled={disabled || undefined}
                // Keep focus in the input: the click picks without blurring it.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(user)}
                onMouseMove={() => setActive(i)}
                className={`flex cursor-pointer items-baseline justify-between gap-3 rounded px-3 py-2 text-sm ${
                  i === active ? 'bg-surface-muted' : ''
                } ${disabled ? 'cursor-not-allowed opacity-60' : ''}`}
              >
                <span className="min-w-0 truncate">
                  <span className="font-medium">{user.username}</span>{' '}
                  {user.displayName ? <span className="text-muted ml-1">{user.displayName}</span> : null}
                </span>
                {disabled ? <span className="text-muted shrink-0 text-xs">{unavailableNote}</span> : null}
              </li>
            );
          })}
        </ul>
      </div>
      <p id={`${id}-hint`} role="status" aria-live="polite" className="text-muted min-h-4 text-xs">
        {status}
      </p>
      <p id={`${id}-error`} aria-live="polite" className="text-danger text-xs empty:hidden">
        {error}
      </p>
    </div>
  );
}
