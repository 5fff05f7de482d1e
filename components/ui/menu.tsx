'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ToggleEvent } from 'react';

export type MenuItem = {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
};

const ITEM = '[role="menuitem"]:not([disabled])';

/**
 * A row-actions menu ("…"). It opens as a popover in the top layer, so a table that scrolls
 * sideways does not clip it; arrow keys move between items, Escape or a click outside closes
 * it and focus goes back to the button.
 */
export function Menu({ label, items }: { label: string; items: MenuItem[] }) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  // A fixed-position menu would drift away from its button on scroll: close it instead.
  useEffect(() => {
    if (!open) return;
    const close = () => menuRef.current?.hidePopover();
    window.addEventListener('scroll', close, true);
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('scroll', close, true);
      window.removeEventListener('resize', close);
    };
  }, [open]);

  function onBeforeToggle(event: ToggleEvent<HTMLDivElement>) {
    if (event.newState !== 'open') return;
    const button = buttonRef.current!.getBoundingClientRect();
    const menu = menuRef.current!;
    const below = window.innerHeight - button.bottom > 40 * items.length + 16;
    menu.style.right = `${Math.max(8, window.innerWidth - button.right)}px`;
    menu.style.top = below ? `${button.bottom + 4}px` : 'auto';
    menu.style.bottom = below ? 'auto' : `${window.innerHeight - button.top + 4}px`;
  }

  function onToggle(event: ToggleEvent<HTMLDivElement>) {
    const isOpen = event.newState === 'open';
    setOpen(isOpen);
    if (isOpen) menuRef.current?.querySelector<HTMLElement>(ITEM)?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = Array.from(menuRef.current?.querySelectorAll<HTMLElement>(ITEM) ?? []);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moveTo = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (event.key === 'ArrowDown') moveTo(at + 1);
    else if (event.key === 'ArrowUp') moveTo(at - 1);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(all.length - 1);
    else if (event.key === 'Tab') menuRef.current?.hidePopover();
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  }

  function select(item: MenuItem) {
    menuRef.current?.hidePopover();
    buttonRef.current?.focus();
    item.onSelect();
  }

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        popoverTarget={id}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        aria-label={label}
        className="text-muted hover:text-fg hover:bg-surface-muted rounded-md px-2 py-1"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
          <circle cx="5" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="19" cy="12" r="1.8" />
        </svg>
      </button>
      <div
        ref={menuRef}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        onBeforeToggle={onBeforeToggle}
        onToggle={onToggle}
        onKeyDown={onKeyDown}
        className="border-border bg-surface text-fg fixed inset-auto m-0 min-w-44 rounded-md border p-1 shadow-lg"
      >
        {items.map((item) => (
          <button
            key={item.label}
            type="button"
            role="menuitem"
            tabIndex={-1}
            disabled={item.disabled}
            onClick={() => select(item)}
            className={`hover:bg-surface-muted focus:bg-surface-muted block w-full rounded px-3 py-1.5 text-left text-sm whitespace-nowrap focus:outline-none disabled:cursor-not-allowed disabled:opacity-50 ${item.danger ? 'text-danger' : ''}`}
          >
            {item.label}
          </button>
        ))}
      </div>
    </>
  );
}
