'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogActions } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form';
import { useDeleteTag, useTagDetail } from '@/lib/query/use-registry';

type Props = {
  repository: string;
  tag: string;
  /** Tags with this digest, this one included, and a few of their names (the page stays small). */
  sameDigestCount: number;
  sameDigestSample: string[];
};

/**
 * Delete a tag: the dialog says which tags go with it (same digest; the full list is fetched
 * when it opens) and when space returns.
 */
export function DeleteTagButton({ repository, tag, sameDigestCount, sameDigestSample }: Props) {
  const router = useRouter();
  // The sample is the whole list when it holds them all; otherwise the list is read when the dialog opens.
  const complete = sameDigestSample.length >= sameDigestCount;
  const [open, setOpen] = useState(false);
  const detail = useTagDetail(repository, tag, open && !complete);
  const remove = useDeleteTag(repository, tag);
  const sameDigest = complete ? sameDigestSample : (detail.data?.sameDigest ?? null);
  const others = (sameDigest ?? sameDigestSample).filter((t) => t !== tag);
  const otherCount = sameDigest ? others.length : sameDigestCount - 1;
  const error = remove.error ?? detail.error;

  function confirm() {
    remove.mutate(undefined, {
      onSuccess: () => {
        setOpen(false);
        router.refresh();
      },
    });
  }

  return (
    <>
      <Button
        variant="ghost"
        className="text-danger"
        onClick={() => setOpen(true)}
        aria-label={`Delete tag ${tag}`}
      >
        Delete
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete ${repository}:${tag}?`}>
        <div className="text-muted space-y-2 text-sm">
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
        <FormError className="mt-3">{error?.message}</FormError>
        <DialogActions>
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending || !sameDigest} onClick={confirm}>
            {remove.isPending ? 'Deleting…' : `Delete ${otherCount > 0 ? `${otherCount + 1} tags` : 'tag'}`}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
