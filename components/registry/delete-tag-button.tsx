'use client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { apiFetch } from '@/lib/query/api-client';

type Props = {
  repository: string;
  tag: string;
  /** Tags with this digest, this one included, and a few of their names (the page stays small). */
  sameDigestCount: number;
  sameDigestSample: string[];
};

const tagUrl = (repository: string, tag: string) =>
  `/api/v1/repositories/${repository}/tags/${encodeURIComponent(tag)}`;

/**
 * Delete a tag: the dialog says which tags go with it (same digest; the full list is fetched
 * when it opens) and when space returns.
 */
export function DeleteTagButton({ repository, tag, sameDigestCount, sameDigestSample }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [sameDigest, setSameDigest] = useState<string[] | null>(
    sameDigestSample.length >= sameDigestCount ? sameDigestSample : null,
  );
  const others = (sameDigest ?? sameDigestSample).filter((t) => t !== tag);
  const otherCount = sameDigest ? others.length : sameDigestCount - 1;

  async function open() {
    dialog.current?.showModal();
    if (sameDigest) return;
    try {
      setSameDigest((await apiFetch<{ sameDigest: string[] }>(tagUrl(repository, tag))).sameDigest);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function confirm() {
    setPending(true);
    setError(null);
    const res = await fetch(tagUrl(repository, tag), { method: 'DELETE' });
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
        onClick={() => void open()}
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
          {otherCount > 0 ? (
            <p>
              These tags share the digest and will be deleted too
              {sameDigest ? null : ` (${otherCount}, loading the list…)`}:{' '}
              <strong
                className="text-fg block max-h-48 overflow-y-auto break-words"
                data-testid="same-digest"
              >
                {others.join(', ')}
              </strong>
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
          <Button variant="danger" disabled={pending || !sameDigest} onClick={() => void confirm()}>
            {pending ? 'Deleting…' : `Delete ${otherCount > 0 ? `${otherCount + 1} tags` : 'tag'}`}
          </Button>
        </div>
      </dialog>
    </>
  );
}
