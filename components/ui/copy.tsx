'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies text to the clipboard; without clipboard access (insecure origin) falls back to execCommand. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/** A status word ("Copied") that clears itself after a moment. */
function useFlash(ms = 2000) {
  const [text, setText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [
    text,
    (next: string) => {
      setText(next);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setText(''), ms);
    },
  ] as const;
}

/** A small inline Copy button for table cells (a digest, a pull command). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, flash] = useFlash();
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={async () => flash((await copyText(text)) ? 'Copied' : 'Copy failed')}
      className="border-border text-muted hover:text-fg rounded border px-1.5 py-0.5 text-xs"
    >
      <span aria-live="polite">{status || 'Copy'}</span>
    </button>
  );
}

/** A labelled command or value in monospace with a Copy button (falls back to selecting the text). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const labelId = useId();
  const codeRef = useRef<HTMLElement>(null);
  const [status, flash] = useFlash(2500);

  async function copy() {
    if (await copyText(value)) return flash('Copied');
    const range = document.createRange();
    range.selectNodeContents(codeRef.current!);
    window.getSelection()?.removeAllRanges();
    window.getSelection()?.addRange(range);
    flash('Selected: press Ctrl+C to copy');
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
