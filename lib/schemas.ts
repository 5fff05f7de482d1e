// Reusable zod fragments for query strings, route params, bodies and responses. Every string that comes
// from a request goes through `textSchema` (or `multilineTextSchema`): PostgreSQL refuses NUL
// in text, and no name, search or identifier has a use for control characters.
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '@/lib/errors';

export const CONTROL_CHARACTERS_MESSAGE =
  'must not contain control characters (such as NUL, tab or line breaks)';

/** A single-line string: no control character (NUL, tab, CR, LF, DEL, C1 controls). */
export const textSchema = z.string().regex(/^\P{Cc}*$/u, CONTROL_CHARACTERS_MESSAGE);

/** Free text that may span lines (descriptions): tabs and line breaks, but no other control character. */
export const multilineTextSchema = z
  .string()
  .regex(/^(?:[\t\n\r]|\P{Cc})*$/u, 'must not contain control characters other than tabs and line breaks');

/** A name in a URL path (project, user): looked up, so only bounded and free of control characters. */
export const nameParamSchema = textSchema
  .min(1, 'name is required')
  .max(255, 'name is at most 255 characters');

/** A numeric id in a URL path or body; PostgreSQL's integer columns end at 2^31 - 1. */
export const idParamSchema = z.coerce
  .number({ message: 'id must be a positive integer' })
  .int({ message: 'id must be a positive integer' })
  .positive({ message: 'id must be a positive integer' })
  .max(2_147_483_647, 'id is too large');

export const searchParamSchema = textSchema.trim().max(100, 'search is at most 100 characters').default('');

export const pagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  q: searchParamSchema,
});
export type Paging = z.infer<typeof pagingSchema>;

/** Reads a URLSearchParams into a plain object for zod (first value of each key). */
export function searchParamsObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

// Response fragments (the OpenAPI document, lib/openapi, is generated from the response schemas).

/** A time in a response: ISO 8601 (`toISOString()`). */
export const timestampSchema = z.iso.datetime({ offset: true });

/** A page of `item`s (Page<T>). */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** `{items: [...]}`: a list answered whole. */
export const itemsSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A list of networks in a response (normalized CIDRs). */
export const cidrStringsSchema = z.array(z.string()).meta({ description: 'CIDRs (10.0.0.0/8, fd00::/8)' });

/** The one error envelope (lib/http.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

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
