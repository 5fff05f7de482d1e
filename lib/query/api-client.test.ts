import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch, errorMessage, toSentence } from '@/lib/query/api-client';

function respond(status: number, body?: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status })),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('sends JSON and returns the parsed body', async () => {
    respond(201, { name: 'team-a' });
    await expect(apiFetch('/api/v1/projects', { method: 'POST', body: { name: 'team-a' } })).resolves.toEqual(
      {
        name: 'team-a',
      },
    );
    const [url, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(url).toBe('/api/v1/projects');
    expect(init).toMatchObject({ method: 'POST', body: '{"name":"team-a"}' });
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('returns undefined for 204', async () => {
    respond(204);
    await expect(apiFetch('/x', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('turns the error envelope into an ApiError with code, status and field details', async () => {
    respond(400, {
      error: {
        code: 'validation_failed',
        message: 'name: project name must be lowercase',
        details: [{ path: 'name', message: 'project name must be lowercase' }],
      },
    });
    const err = await apiFetch('/api/v1/projects').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((err as ApiError).fieldError('name')).toBe('project name must be lowercase');
    expect((err as ApiError).fieldError('public')).toBeUndefined();
  });

  it('copes with a body that is not the envelope', async () => {
    respond(502, 'Bad gateway');
    await expect(apiFetch('/x')).rejects.toMatchObject({ status: 502, code: 'http_error' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(apiFetch('/x')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('errorMessage', () => {
  it('shows API clauses as sentences, and 401 as an ended session', () => {
    expect(toSentence('a project must keep at least one project admin')).toBe(
      'A project must keep at least one project admin.',
    );
    expect(toSentence('Only project admins can add, change and remove members.')).toBe(
      'Only project admins can add, change and remove members.',
    );
    expect(errorMessage(new ApiError(409, 'conflict', 'project "x" already exists'))).toBe(
      'Project "x" already exists.',
    );
    expect(errorMessage(new ApiError(401, 'unauthorized', 'sign in'))).toBe(
      'Your session has ended. Sign in again.',
    );
    expect(errorMessage(null)).toBe('');
  });
});
