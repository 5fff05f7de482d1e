'use client';
import { useState } from 'react';
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
        <div
          role="status"
          className={`rounded-md border p-3 text-sm ${result.ok ? 'border-success/40 bg-success-bg text-success' : 'border-danger/40 bg-danger-bg text-danger'}`}
        >
          <p className="font-medium">{result.message}</p>
          {result.endpoints ? (
            <dl className="text-fg mt-2 grid grid-cols-[8rem_1fr] gap-1">
              {Object.entries(result.endpoints).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-muted">{k}</dt>
                  <dd className="break-all">{v ?? '—'}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {result.warnings?.length ? (
            <ul className="text-warning mt-2 list-disc pl-5">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
