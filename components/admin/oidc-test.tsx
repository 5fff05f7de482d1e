'use client';
import { useState } from 'react';
import { TestResult } from '@/components/admin/test-result';
import { Button } from '@/components/ui/button';
import { apiFetch, ApiError } from '@/lib/query/api-client';

type Result = {
  ok: boolean;
  message: string;
  latencyMs?: number;
  endpoints?: Record<string, string | null>;
  warnings?: string[];
};

/** "Test discovery": Wharf reads the provider's /.well-known/openid-configuration and reports. */
export function OidcTest() {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    setPending(true);
    try {
      setResult(await apiFetch<Result>('/api/v1/system/oidc', { method: 'POST', body: {} }));
    } catch (err) {
      setResult({ ok: false, message: err instanceof ApiError ? err.message : 'The test could not run' });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div>
        <Button onClick={() => void run()} disabled={pending}>
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
