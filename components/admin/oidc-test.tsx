'use client';
import { TestResult } from '@/components/admin/test-result';
import { Button } from '@/components/ui/button';
import { useOidcTest } from '@/lib/query/use-system';

/** "Test discovery": Wharf reads the provider's /.well-known/openid-configuration and reports. */
export function OidcTest() {
  const { run, pending, result } = useOidcTest();

  return (
    <div className="flex flex-col gap-4">
      <div>
        <Button onClick={() => run()} disabled={pending}>
          Test discovery
        </Button>
      </div>
      {result ? (
        <TestResult
          ok={result.ok}
          message={result.message}
          details={Object.entries(result.endpoints ?? {}).map(([k, v]) => [k, v ?? '—'])}
          warnings={result.warnings}
        />
      ) : null}
    </div>
  );
}
