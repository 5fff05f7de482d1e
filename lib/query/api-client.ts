// The one fetch wrapper for the browser: JSON in and out, and the API's error envelope
// `{ error: { code, message, details } }` turned into a thrown ApiError.

export type FieldProblem = { path: string; message: string };

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The message for one input field (from `details`), if the API named it. */
  fieldError(field: string): string | undefined {
    return this.details.find((d) => d.path === field)?.message;
  }
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
};

function problems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldProblem => typeof d?.path === 'string' && typeof d?.message === 'string',
  );
}

export async function apiFetch<T>(
  url: string,
  { method = 'GET', body, signal }: RequestOptions = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      signal,
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Wharf cannot be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const envelope = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
      ?.error;
    throw new ApiError(
      res.status,
      typeof envelope?.code === 'string' ? envelope.code : 'http_error',
      typeof envelope?.message === 'string' ? envelope.message : `Request failed (${res.status})`,
      problems(envelope?.details),
    );
  }
  return data as T;
}

/** API messages are terse lower-case clauses; the UI shows them as sentences. */
export function toSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A sentence for any thrown value, for error regions. */
export function errorMessage(err: unknown): string {
  if (!err) return '';
  if (err instanceof ApiError && err.status === 401) return 'Your session has ended. Sign in again.';
  return toSentence(err instanceof Error ? err.message : 'Something went wrong');
}
