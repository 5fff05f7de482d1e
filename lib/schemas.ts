// Reusable zod fragments for query strings and route params.
import { z } from 'zod';

export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  q: z.string().trim().max(100, 'search is at most 100 characters').default(''),
});
export type Paging = z.infer<typeof pagingSchema>;

/** Reads a URLSearchParams into a plain object for zod (first value of each key). */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

type PageSearchParams = Record<string, string | string[] | undefined>;

/**
 * Paging for a page's `searchParams` (pages list a fixed page size). A hand-edited URL
 * (`?page=abc`) falls back to the default for that value instead of failing the page.
 */
export function pagingFromSearchParams(params: PageSearchParams, pageSize = 25): Paging {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const page = pagingSchema.shape.page.safeParse(first(params.page));
  const q = pagingSchema.shape.q.safeParse(first(params.q));
  return { page: page.success ? page.data : 1, pageSize, q: q.success ? q.data : '' };
}
