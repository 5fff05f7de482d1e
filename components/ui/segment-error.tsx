'use client';
import { Button } from '@/components/ui/button';

/** The body of every error.tsx: says what failed in plain words and offers a retry. */
export function SegmentError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="border-border bg-surface mx-auto max-w-lg rounded-lg border p-6 text-center">
      <h1 className="text-lg font-semibold">This page could not be loaded</h1>
      <p className="text-muted mt-2 text-sm">
        Wharf could not reach a service it needs (most often the database). Your data is safe; try again in a
        moment.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
