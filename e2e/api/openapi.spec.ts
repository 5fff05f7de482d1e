// The OpenAPI document describes what the API really answers: real answers of representative
// routes parse with the response schemas the document is generated from (lib/openapi), and
// nothing in them is left out of the schema (zod drops unknown keys, so a parse that changes
// the answer means an undocumented field).
import { expect, test } from '@playwright/test';
import type { z } from 'zod';
import { auditPageSchema } from '../../lib/audit/schemas';
import { memberListSchema } from '../../lib/members/schemas';
import { healthSchema, tokenResponseSchema } from '../../lib/openapi/public-endpoints';
import { retentionPolicyResponseSchema } from '../../lib/policies/schemas';
import {
  createdProjectSchema,
  projectPageSchema,
  projectSchema,
  searchResultSchema,
} from '../../lib/projects/schemas';
import { repositoryPageSchema } from '../../lib/registry/schemas';
import { createdPersonalTokenSchema, robotListSchema, robotWithSecretSchema } from '../../lib/robots/schemas';
import { errorBodySchema } from '../../lib/schemas';
import { settingsResponseSchema } from '../../lib/settings/schemas';
import { userPageSchema, userSchema } from '../../lib/users/schemas';
import { Api, type ApiResult, uniqueName } from '../fixtures/api';

function expectDocumented(res: ApiResult, status: number, schema: z.ZodType) {
  expect(res.status, JSON.stringify(res.data)).toBe(status);
  const parsed = schema.safeParse(res.data);
  expect(parsed.error?.issues ?? [], JSON.stringify(res.data)).toEqual([]);
  expect(parsed.data, 'the answer has a field its schema leaves out').toEqual(res.data);
}

test('GET /api/v1/openapi.json – generated from the route schemas, signed out', async () => {
  const anon = await Api.as(null);
  const { status, data } = await anon.get('/api/v1/openapi.json');
  expect(status).toBe(200);
  expect(data.openapi).toBe('3.1.0');
  expect(Object.keys(data.components.schemas.Settings.properties)).toHaveLength(
    Object.keys(settingsResponseSchema.shape).length,
  );
  expect(data.paths['/api/v1/projects'].get.responses['200'].content['application/json'].schema).toEqual({
    $ref: '#/components/schemas/ProjectPage',
  });
  await anon.dispose();
});

test('real answers parse with their documented response schemas', async () => {
  const admin = await Api.admin();
  const name = uniqueName('oas');
  expectDocumented(
    await admin.post('/api/v1/projects', { name, description: 'docs' }),
    201,
    createdProjectSchema,
  );
  expectDocumented(await admin.get(`/api/v1/projects?q=${name}`), 200, projectPageSchema);
  expectDocumented(await admin.get(`/api/v1/projects/${name}`), 200, projectSchema);
  expectDocumented(await admin.get(`/api/v1/projects/${name}/members`), 200, memberListSchema);
  expectDocumented(await admin.get(`/api/v1/projects/${name}/repositories`), 200, repositoryPageSchema);
  expectDocumented(await admin.get(`/api/v1/projects/${name}/retention`), 200, retentionPolicyResponseSchema);
  expectDocumented(
    await admin.post(`/api/v1/projects/${name}/robots`, { name: 'ci', actions: ['pull'] }),
    201,
    robotWithSecretSchema,
  );
  expectDocumented(await admin.get(`/api/v1/projects/${name}/robots`), 200, robotListSchema);
  expectDocumented(await admin.get(`/api/v1/search?q=${name}`), 200, searchResultSchema);
  expectDocumented(await admin.get('/api/v1/settings'), 200, settingsResponseSchema);
  expectDocumented(await admin.get('/api/v1/users?q=admin'), 200, userPageSchema);
  expectDocumented(await admin.get('/api/v1/users/me'), 200, userSchema);
  expectDocumented(
    await admin.post('/api/v1/users/me/tokens', { name: uniqueName('oas-token') }),
    201,
    createdPersonalTokenSchema,
  );
  expectDocumented(await admin.get(`/api/v1/audit?project=${name}`), 200, auditPageSchema);
  expectDocumented(await admin.get(`/api/v1/repositories/${name}/none/tags`), 404, errorBodySchema);
  expectDocumented(await admin.get('/api/health'), 200, healthSchema);
  expectDocumented(await admin.get('/v2/token?service=wharf-registry'), 200, tokenResponseSchema);
  await admin.dispose();
});
