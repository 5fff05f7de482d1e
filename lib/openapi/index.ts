// The OpenAPI 3.1 document of Wharf's API (served at /api/v1/openapi.json, rendered at
// /api-docs), generated from the operation table and the zod schemas the routes use.
import { buildDocument } from '@/lib/openapi/document';
import { operations, requestSchemas, responseSchemas } from '@/lib/openapi/operations';

export const openApiDocument = buildDocument(
  operations,
  { requests: requestSchemas, responses: responseSchemas },
  {
    title: 'Wharf API',
    version: '1',
    description:
      'Errors use one envelope: {"error": {"code", "message"}}. Authenticate with HTTP Basic (a password, a personal access token or a robot secret) or the session cookie; cookie-authenticated changes need a same-origin `Origin` header.',
  },
);
