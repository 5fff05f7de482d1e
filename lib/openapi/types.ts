// The shape of one entry of the operation table (lib/openapi/operations.ts).
import type { z } from 'zod';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

/** A response: a JSON schema, other media types, or null for no content (204). */
export type ResponseSpec = z.ZodType | { content: Record<string, z.ZodType>; description?: string } | null;

export type Operation = {
  tag: string;
  summary: string;
  /** required (default): HTTP Basic or the session cookie; optional: also anonymous; none: no credentials. */
  auth?: 'required' | 'optional' | 'none';
  /** The route's path parameter schema (the one it parses `params` with). */
  params?: z.ZodObject;
  /** The route's query string schema (the one it parses searchParams with). */
  query?: z.ZodObject;
  /** The JSON request body schema; null: the method takes no body. Required for POST, PUT and PATCH. */
  body?: z.ZodType | null;
  /** Success responses by status. */
  responses: Partial<Record<200 | 201 | 202 | 204, ResponseSpec>>;
};

export type OperationTable = Record<string, Partial<Record<Method, Operation>>>;
