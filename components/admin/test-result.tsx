import type { ReactNode } from 'react';
import { DetailList } from '@/components/ui/detail-list';

type TestResultProps = {
  ok: boolean;
  message: string;
  /** Label and value rows under the message. */
  details?: Array<[string, ReactNode]>;
  warnings?: string[];
};

/** The answer of an Administration "Test …" button (directory, OpenID provider). */
export function TestResult({ ok, message, details, warnings }: TestResultProps) {
  return (
    <div
      role="status"
      className={`rounded-md border p-3 text-sm ${ok ? 'border-success/40 bg-success-bg text-success' : 'border-danger/40 bg-danger-bg text-danger'}`}
    >
      <p className="font-medium">{message}</p>
      {details?.length ? (
        <DetailList rows={details} className="text-fg mt-2 grid-cols-[8rem_1fr] gap-1" />
      ) : null}
      {warnings?.length ? (
        <ul className="text-warning mt-2 list-disc pl-5">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
