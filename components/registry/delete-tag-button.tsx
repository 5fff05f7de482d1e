'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';

type Props = { repository: string; tag: string; sharedWith: string[] };

/** Delete a tag: the dialog says which tags go with it (same digest) and when space returns. */
export function DeleteTagButton({ repository, tag, sharedWith }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const others = sharedWith.filter((t) => t !== tag);

  async function confirm() {
    setPending(true);
    setError(null);
    const res = await fetch(`/api/v1/repositories/${repository}/tags/${encodeURIComponent(tag)}`, {
      method: 'DELETE',
    });
    setPending(false);
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Delete failed (${res.status})`);
      return;
    }
    dialog.current?.close();
    router.refresh();
  }

  return (
    <>
      <Button
        variant="ghost"
        className="text-danger"
        onClick={() => dialog.current?.showModal()}
        aria-label={`Delete tag ${tag}`}
      >
        Delete
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`del-${tag}-title`}
        className="border-border bg-surface text-fg m-auto w-full max-w-md rounded-lg border p-6 backdrop:bg-black/40"
      >
        <h2 id={`del-${tag}-title`} className="text-lg font-semibold">
          Delete {repository}:{tag}?
        </h2>
        <div className="text-muted mt-3 space-y-2 text-sm">
          <p>The registry deletes images by digest, so every tag of this digest is removed.</p>
          {others.length ? (
            <p>
              These tags share the digest and will be deleted too:{' '}
              <strong className="text-fg">{others.join(', ')}</strong>
            </p>
          ) : (
            <p>No other tag shares this digest.</p>
          )}
          <p>
            Disk space returns after the registry runs garbage collection. The registry must allow deletes
            (storage.delete.enabled).
          </p>
        </div>
        <p role="alert" className="text-danger mt-3 text-sm empty:hidden">
          {error}
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => void confirm()}>
            {pending ? 'Deleting…' : `Delete ${others.length ? `${others.length + 1} tags` : 'tag'}`}
          </Button>
        </div>
      </dialog>
    </>
  );
}
