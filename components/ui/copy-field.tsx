'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/** A command or value in monospace with a Copy button (falls back to selecting the text). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const labelId = useId();
  const codeRef = useRef<HTMLElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [status, setStatus] = useState('');

  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
    } catch {
      // No clipboard access (an insecure origin, a denied permission): select it for Ctrl+C.
      const range = document.createRange();
      range.selectNodeContents(codeRef.current!);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      setStatus('Selected: press Ctrl+C to copy');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), 2500);
  }

  return (
    <div className="flex flex-col gap-1.5">
      <span id={labelId} className="text-sm font-medium">
        {label}
      </span>
      <div className="border-border bg-surface-muted flex items-center gap-2 rounded-md border py-1 pr-1 pl-3">
        <code
          ref={codeRef}
          aria-labelledby={labelId}
          className="min-w-0 flex-1 py-1 font-mono text-sm break-all"
        >
          {value}
        </code>
        <Button variant="secondary" className="px-2.5 py-1" onClick={copy} aria-label={`Copy: ${label}`}>
          {status === 'Copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-muted text-xs empty:hidden">
        {status}
      </p>
    </div>
  );
}
