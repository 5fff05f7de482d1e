// Builds the OpenAPI 3.1 document from the operation table: zod 4's own JSON Schema output
// (z.toJSONSchema) for parameters, bodies and responses; named schemas become
// components.schemas and are referenced from the operations.
import { z } from 'zod';
import { METHODS, type Operation, type OperationTable, type ResponseSpec } from '@/lib/openapi/types';

type Json = Record<string, unknown>;
type Named = Record<string, z.ZodType>;

const COMPONENT = '#/components/schemas/';
const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };
const ERROR_STATUSES = [400, 401, 403, 404, 409] as const;

const SECURITY = {
  required: undefined,
  optional: [{}, { basic: [] }, { session: [] }],
  none: [{}],
} as const;

/** `$schema`/`$id` belong to standalone JSON Schemas, not to an OpenAPI Schema Object. */
function bare(schema: Json): Json {
  const rest = { ...schema };
  delete rest.$schema;
  delete rest.$id;
  return rest;
}

/**
 * Path ids are bigints in places (delivery ids): an integer in the document. `z.int()`'s own
 * bounds (±2^53 - 1) say nothing to a reader.
 */
function override({
  zodSchema,
  jsonSchema,
}: {
  zodSchema: z.core.$ZodTypes;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}) {
  if (zodSchema._zod.def.type === 'bigint') Object.assign(jsonSchema, { type: 'integer', format: 'int64' });
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

function convert(schema: z.ZodType, io: 'input' | 'output'): Json {
  return bare(z.toJSONSchema(schema, { io, override, unrepresentable: 'any' }) as Json);
}

/** Every named schema of one direction, with references between them. */
function components(named: Named, io: 'input' | 'output'): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    override,
    uri: (id) => `${COMPONENT}${id}`,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, bare(s)]));
}

/** One parameter per property of the route's params or query schema. */
function parameters(where: 'path' | 'query', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return [];
  const json = convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: Object.keys(rest).length ? rest : { type: 'string' },
    };
  });
}

export function buildDocument(
  operations: OperationTable,
  named: { requests: Named; responses: Named },
  info: { title: string; version: string; description: string },
) {
  for (const id of Object.keys(named.requests))
    if (id in named.responses) throw new Error(`${id} names both a request and a response schema`);
  const names = new Map<z.ZodType, { id: string; io: 'input' | 'output' }>();
  for (const [io, record] of [
    ['input', named.requests],
    ['output', named.responses],
  ] as const) {
    for (const [id, schema] of Object.entries(record)) {
      if (names.has(schema)) throw new Error(`schema ${id} is also named ${names.get(schema)!.id}`);
      names.set(schema, { id, io });
    }
  }

  /** A reference to a named schema; strings and other plain values inline. */
  const ref = (schema: z.ZodType, io: 'input' | 'output', where: string): Json => {
    const name = names.get(schema);
    if (name && name.io === io) return { $ref: `${COMPONENT}${name.id}` };
    const type = schema._zod.def.type;
    if (['string', 'number', 'boolean'].includes(type)) return convert(schema, io);
    throw new Error(`${where}: name its schema in ${io === 'input' ? 'requestSchemas' : 'responseSchemas'}`);
  };

  const response = (spec: ResponseSpec, status: string, where: string): Json => {
    if (spec === null) return { description: 'Done (no content)' };
    if (spec instanceof z.ZodType)
      return { description: 'OK', content: { 'application/json': { schema: ref(spec, 'output', where) } } };
    return {
      description: spec.description ?? 'OK',
      content: Object.fromEntries(
        Object.entries(spec.content).map(([type, s]) => [
          type,
          { schema: ref(s, 'output', `${where} ${status}`) },
        ]),
      ),
    };
  };

  const operation = (op: Operation, where: string): Json => {
    const security = SECURITY[op.auth ?? 'required'];
    return {
      tags: [op.tag],
      summary: op.summary,
      ...(security ? { security } : {}),
      parameters: [...parameters('path', op.params), ...parameters('query', op.query)],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(op.body, 'input', where) } },
            },
          }
        : {}),
      responses: {
        ...Object.fromEntries(
          Object.entries(op.responses).map(([s, spec]) => [s, response(spec!, s, where)]),
        ),
        ...(op.auth === 'none' ? {} : Object.fromEntries(ERROR_STATUSES.map((s) => [s, ERROR_RESPONSE]))),
      },
    };
  };

  const paths = Object.fromEntries(
    Object.entries(operations).map(([path, ops]) => [
      path,
      Object.fromEntries(
        METHODS.filter((m) => ops[m]).map((m) => [m, operation(ops[m]!, `${m.toUpperCase()} ${path}`)]),
      ),
    ]),
  );

  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    security: [{ basic: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        basic: { type: 'http', scheme: 'basic' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
      },
      responses: {
        Error: {
          description: 'Error envelope',
          content: { 'application/json': { schema: { $ref: `${COMPONENT}Error` } } },
        },
      },
      schemas: { ...components(named.requests, 'input'), ...components(named.responses, 'output') },
    },
  };
}
