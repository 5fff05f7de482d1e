import { Card, EmptyState } from '@/components/ui/card';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatDate } from '@/lib/format';
import type { listRetentionRuns } from '@/lib/policies/retention';

type Run = Awaited<ReturnType<typeof listRetentionRuns>>['items'][number];

/** The recorded retention runs, newest first. */
export function RetentionRuns({ runs }: { runs: Run[] }) {
  return (
    <Card className="mt-6">
      <h2 className="mb-3 text-base font-semibold">Runs</h2>
      {runs.length === 0 ? (
        <EmptyState title="No runs yet">
          Runs started here or by the daily schedule are listed here.
        </EmptyState>
      ) : (
        <Table label="Retention runs">
          <THead>
            <Th>Started</Th>
            <Th>By</Th>
            <Th>Finished</Th>
            <Th className="text-right">Tags deleted</Th>
            <Th>Errors</Th>
          </THead>
          <tbody>
            {runs.map((r) => {
              const errors = Array.isArray(r.errors) ? (r.errors as string[]) : [];
              return (
                <Tr key={r.id}>
                  <Td className="whitespace-nowrap">{formatDate(r.startedAt)}</Td>
                  <Td>{r.trigger === 'schedule' ? 'Daily schedule' : (r.startedBy ?? '—')}</Td>
                  <Td className="whitespace-nowrap">
                    {r.finishedAt ? formatDate(r.finishedAt) : 'Running…'}
                  </Td>
                  <Td className="text-right tabular-nums">{r.deleted}</Td>
                  <Td className="text-danger text-xs">{errors.length ? errors.join('; ') : '—'}</Td>
                </Tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
