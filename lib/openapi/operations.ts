// The operation table the OpenAPI document (/api/v1/openapi.json) is generated from: for each
// route and method, its summary and the zod schemas the route validates with (path, query,
// body) and answers with (lib/<domain>/schemas.ts). lib/openapi/openapi.test.ts fails when a
// route file's method has no entry here, or an entry lacks its body or response schemas.
import { z } from 'zod';
import { explainQuerySchema } from '@/lib/access/explain';
import { explanationSchema } from '@/lib/access/schemas';
import { auditPageSchema, auditQuerySchema } from '@/lib/audit/schemas';
import { ldapSettingsViewSchema, ldapTestResultSchema, ldapTestSchema } from '@/lib/ldap/schemas';
import {
  addMemberSchema,
  ldapGroupListSchema,
  memberListSchema,
  memberParamsSchema,
  memberSchema,
  oidcGroupListSchema,
  updateMemberSchema,
} from '@/lib/members/schemas';
import { oidcDiscoveryResultSchema, oidcSettingsViewSchema } from '@/lib/oidc/schemas';
import {
  retentionDryRunSchema,
  retentionPolicyResponseSchema,
  retentionRunListSchema,
  retentionRunRecordSchema,
  retentionRunResultSchema,
} from '@/lib/policies/schemas';
import { retentionPolicySchema, retentionRunSchema } from '@/lib/policies/retention-rules';
import {
  createdProjectSchema,
  createProjectSchema,
  deletedProjectSchema,
  deleteProjectQuerySchema,
  projectPageSchema,
  projectParamsSchema,
  projectSchema,
  projectSummarySchema,
  searchResultSchema,
  updateProjectSchema,
} from '@/lib/projects/schemas';
import {
  deletedTagSchema,
  reconcileReportSchema,
  repositoryNameSchema,
  repositoryPageSchema,
  tagListQuerySchema,
  tagNameSchema,
  tagPageSchema,
  tagSchema,
} from '@/lib/registry/schemas';
import {
  createdPersonalTokenSchema,
  createProjectRobotSchema,
  createSystemRobotSchema,
  createTokenSchema,
  idSchema,
  personalTokenListSchema,
  personalTokenSchema,
  robotListSchema,
  robotSchema,
  robotWithSecretSchema,
  updateRobotSchema,
} from '@/lib/robots/schemas';
import { errorBodySchema, idParamSchema, pagingSchema, searchParamSchema } from '@/lib/schemas';
import { updateSettingsSchema } from '@/lib/settings';
import { settingsResponseSchema } from '@/lib/settings/schemas';
import { dockerLoginListSchema } from '@/lib/tokens/schemas';
import {
  createUserSchema,
  directoryUserSchema,
  updateUserSchema,
  userPageSchema,
  userParamsSchema,
  userSchema,
} from '@/lib/users/schemas';
import {
  createWebhookSchema,
  deliveriesQuerySchema,
  deliveryPageSchema,
  deliveryParamsSchema,
  deliverySchema,
  updateWebhookSchema,
  webhookListSchema,
  webhookParamsSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@/lib/webhooks/schemas';
import { healthSchema, tokenQuerySchema, tokenResponseSchema } from '@/lib/openapi/public-endpoints';
import type { OperationTable } from '@/lib/openapi/types';

/** Request bodies, by their name in components.schemas (read as input: defaults are optional). */
export const requestSchemas = {
  CreateProject: createProjectSchema,
  UpdateProject: updateProjectSchema,
  AddMember: addMemberSchema,
  UpdateMember: updateMemberSchema,
  CreateUser: createUserSchema,
  UpdateUser: updateUserSchema,
  CreateToken: createTokenSchema,
  CreateProjectRobot: createProjectRobotSchema,
  CreateSystemRobot: createSystemRobotSchema,
  UpdateRobot: updateRobotSchema,
  CreateWebhook: createWebhookSchema,
  UpdateWebhook: updateWebhookSchema,
  RetentionPolicy: retentionPolicySchema,
  RetentionRun: retentionRunSchema,
  UpdateSettings: updateSettingsSchema,
  LdapTest: ldapTestSchema,
};

/** Responses, by their name in components.schemas (read as output). */
export const responseSchemas = {
  Error: errorBodySchema,
  ProjectSummary: projectSummarySchema,
  ProjectPage: projectPageSchema,
  Project: projectSchema,
  CreatedProject: createdProjectSchema,
  DeletedProject: deletedProjectSchema,
  Member: memberSchema,
  MemberList: memberListSchema,
  RepositoryPage: repositoryPageSchema,
  TagPage: tagPageSchema,
  Tag: tagSchema,
  DeletedTag: deletedTagSchema,
  User: userSchema,
  DirectoryUser: directoryUserSchema,
  UserPage: userPageSchema,
  DockerLoginList: dockerLoginListSchema,
  PersonalToken: personalTokenSchema,
  PersonalTokenList: personalTokenListSchema,
  CreatedPersonalToken: createdPersonalTokenSchema,
  RetentionPolicyState: retentionPolicyResponseSchema,
  RetentionRunRecord: retentionRunRecordSchema,
  RetentionRunList: retentionRunListSchema,
  RetentionDryRun: retentionDryRunSchema,
  RetentionRunResult: retentionRunResultSchema,
  Robot: robotSchema,
  RobotList: robotListSchema,
  RobotWithSecret: robotWithSecretSchema,
  Webhook: webhookSchema,
  WebhookList: webhookListSchema,
  WebhookWithSecret: webhookWithSecretSchema,
  Delivery: deliverySchema,
  DeliveryPage: deliveryPageSchema,
  AuditPage: auditPageSchema,
  Settings: settingsResponseSchema,
  ReconcileReport: reconcileReportSchema,
  LdapSettings: ldapSettingsViewSchema,
  LdapTestResult: ldapTestResultSchema,
  OidcSettings: oidcSettingsViewSchema,
  OidcDiscoveryResult: oidcDiscoveryResultSchema,
  LdapGroupList: ldapGroupListSchema,
  OidcGroupList: oidcGroupListSchema,
  Explanation: explanationSchema,
  SearchResult: searchResultSchema,
  Health: healthSchema,
  TokenResponse: tokenResponseSchema,
  OpenApiDocument: z.looseObject({ openapi: z.string() }),
};

const searchQuery = z.object({ q: searchParamSchema });
const idParams = z.object({ id: idSchema });
const userItemParams = userParamsSchema.extend({ id: idParamSchema });
const repositoryParams = z.object({
  path: repositoryNameSchema.meta({ description: 'the repository name, slashes included' }),
});
const tagParams = repositoryParams.extend({ tag: tagNameSchema });
const auditExport = (description: string) => ({
  description,
  content: {
    'application/json': auditPageSchema,
    'text/csv': z.string(),
    'application/x-ndjson': z.string(),
  },
});

export const operations: OperationTable = {
  '/api/v1/projects': {
    get: {
      tag: 'projects',
      summary: 'List visible projects',
      auth: 'optional',
      query: pagingSchema,
      responses: { 200: projectPageSchema },
    },
    post: {
      tag: 'projects',
      summary:
        'Create a project; a name whose images are still in the registry is refused (admins may send `adopt: true`)',
      body: createProjectSchema,
      responses: { 201: createdProjectSchema },
    },
  },
  '/api/v1/projects/{name}': {
    get: {
      tag: 'projects',
      summary: 'Get a project',
      auth: 'optional',
      params: projectParamsSchema,
      responses: { 200: projectSchema },
    },
    patch: {
      tag: 'projects',
      summary: 'Update a project',
      params: projectParamsSchema,
      body: updateProjectSchema,
      responses: { 200: projectSchema },
    },
    delete: {
      tag: 'projects',
      summary: 'Delete a project and its images in the registry',
      params: projectParamsSchema,
      query: deleteProjectQuerySchema,
      responses: { 200: deletedProjectSchema },
    },
  },
  '/api/v1/projects/{name}/members': {
    get: {
      tag: 'members',
      summary: 'List members',
      params: projectParamsSchema,
      responses: { 200: memberListSchema },
    },
    post: {
      tag: 'members',
      summary: 'Add a user, an LDAP group, or an OIDC group ({group, source: "oidc", role})',
      params: projectParamsSchema,
      body: addMemberSchema,
      responses: { 201: memberSchema },
    },
  },
  '/api/v1/projects/{name}/members/{memberId}': {
    patch: {
      tag: 'members',
      summary: "Change a member's role",
      params: memberParamsSchema,
      body: updateMemberSchema,
      responses: { 200: memberSchema },
    },
    delete: {
      tag: 'members',
      summary: 'Remove a member (never the last project admin)',
      params: memberParamsSchema,
      responses: { 204: null },
    },
  },
  '/api/v1/projects/{name}/repositories': {
    get: {
      tag: 'repositories',
      summary: 'Repositories of a project, newest push first',
      auth: 'optional',
      params: projectParamsSchema,
      query: pagingSchema,
      responses: { 200: repositoryPageSchema },
    },
  },
  '/api/v1/repositories/{path}/tags': {
    get: {
      tag: 'repositories',
      summary: 'Tags of a repository ({path} is the repository name, slashes included)',
      auth: 'optional',
      params: repositoryParams,
      query: tagListQuerySchema,
      responses: { 200: tagPageSchema },
    },
  },
  '/api/v1/repositories/{path}/tags/{tag}': {
    get: {
      tag: 'repositories',
      summary: 'A tag and every tag sharing its digest (`sameDigest`: what deleting it removes)',
      auth: 'optional',
      params: tagParams,
      responses: { 200: tagSchema },
    },
    delete: {
      tag: 'repositories',
      summary: 'Delete a tag (and every tag sharing its digest)',
      params: tagParams,
      responses: { 200: deletedTagSchema },
    },
  },
  '/api/v1/users': {
    get: {
      tag: 'users',
      summary: 'List (admins) or search users; the search also offers directory users who never signed in',
      query: pagingSchema,
      responses: { 200: userPageSchema },
    },
    post: {
      tag: 'users',
      summary: 'Create a local user (admins)',
      body: createUserSchema,
      responses: { 201: userSchema },
    },
  },
  '/api/v1/users/{username}': {
    get: {
      tag: 'users',
      summary: 'Get a user (`me` for yourself)',
      params: userParamsSchema,
      responses: { 200: userSchema },
    },
    patch: {
      tag: 'users',
      summary: 'Update a user',
      params: userParamsSchema,
      body: updateUserSchema,
      responses: { 200: userSchema },
    },
    delete: {
      tag: 'users',
      summary: 'Delete a user (admins)',
      params: userParamsSchema,
      responses: { 204: null },
    },
  },
  '/api/v1/users/{username}/docker-logins': {
    get: {
      tag: 'users',
      summary: 'Active docker logins (refresh tokens)',
      params: userParamsSchema,
      responses: { 200: dockerLoginListSchema },
    },
  },
  '/api/v1/users/{username}/docker-logins/{id}': {
    delete: {
      tag: 'users',
      summary: 'Revoke a docker login',
      params: userItemParams,
      responses: { 204: null },
    },
  },
  '/api/v1/users/{username}/tokens': {
    get: {
      tag: 'tokens',
      summary: 'Personal access tokens',
      params: userParamsSchema,
      responses: { 200: personalTokenListSchema },
    },
    post: {
      tag: 'tokens',
      summary: 'Create a personal access token (shown once)',
      params: userParamsSchema,
      body: createTokenSchema,
      responses: { 201: createdPersonalTokenSchema },
    },
  },
  '/api/v1/users/{username}/tokens/{id}': {
    delete: {
      tag: 'tokens',
      summary: 'Revoke a personal access token',
      params: userItemParams,
      responses: { 204: null },
    },
  },
  '/api/v1/projects/{name}/retention': {
    get: {
      tag: 'retention',
      summary: 'The tag retention rules and schedule',
      params: projectParamsSchema,
      responses: { 200: retentionPolicyResponseSchema },
    },
    put: {
      tag: 'retention',
      summary: 'Set the tag retention rules and schedule (project admins)',
      params: projectParamsSchema,
      body: retentionPolicySchema,
      responses: { 200: retentionPolicyResponseSchema },
    },
  },
  '/api/v1/projects/{name}/retention/runs': {
    get: {
      tag: 'retention',
      summary: 'Recorded retention runs, newest first',
      params: projectParamsSchema,
      responses: { 200: retentionRunListSchema },
    },
    post: {
      tag: 'retention',
      summary:
        'With {dryRun: true}: the tags a run would delete and why (200); without: delete them (by digest) and record the run (201)',
      params: projectParamsSchema,
      body: retentionRunSchema,
      responses: { 200: retentionDryRunSchema, 201: retentionRunResultSchema },
    },
  },
  '/api/v1/projects/{name}/robots': {
    get: {
      tag: 'robots',
      summary: "A project's robot accounts",
      params: projectParamsSchema,
      responses: { 200: robotListSchema },
    },
    post: {
      tag: 'robots',
      summary: 'Create a project robot (secret shown once)',
      params: projectParamsSchema,
      body: createProjectRobotSchema,
      responses: { 201: robotWithSecretSchema },
    },
  },
  '/api/v1/projects/{name}/activity': {
    get: {
      tag: 'audit',
      summary: "The project's activity (members); format=csv|jsonl streams the filtered set",
      params: projectParamsSchema,
      query: auditQuerySchema,
      responses: { 200: auditExport('A page (format=json), or every matching entry (csv, jsonl)') },
    },
  },
  '/api/v1/projects/{name}/webhooks': {
    get: {
      tag: 'webhooks',
      summary: "A project's webhooks (project admins)",
      params: projectParamsSchema,
      responses: { 200: webhookListSchema },
    },
    post: {
      tag: 'webhooks',
      summary: 'Create a webhook; the answer has its signing secret (shown once)',
      params: projectParamsSchema,
      body: createWebhookSchema,
      responses: { 201: webhookWithSecretSchema },
    },
  },
  '/api/v1/projects/{name}/webhooks/{id}': {
    get: {
      tag: 'webhooks',
      summary: 'A webhook',
      params: webhookParamsSchema,
      responses: { 200: webhookSchema },
    },
    patch: {
      tag: 'webhooks',
      summary: 'Change a webhook',
      params: webhookParamsSchema,
      body: updateWebhookSchema,
      responses: { 200: webhookSchema },
    },
    delete: {
      tag: 'webhooks',
      summary: 'Delete a webhook and its delivery log',
      params: webhookParamsSchema,
      responses: { 204: null },
    },
  },
  '/api/v1/projects/{name}/webhooks/{id}/deliveries': {
    get: {
      tag: 'webhooks',
      summary: 'Deliveries, newest first (status, response code, duration, attempts)',
      params: webhookParamsSchema,
      query: deliveriesQuerySchema,
      responses: { 200: deliveryPageSchema },
    },
  },
  '/api/v1/projects/{name}/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    post: {
      tag: 'webhooks',
      summary: 'Send a delivery’s event again (same event id)',
      params: deliveryParamsSchema,
      body: null,
      responses: { 202: deliverySchema },
    },
  },
  '/api/v1/projects/{name}/webhooks/{id}/test': {
    post: {
      tag: 'webhooks',
      summary: 'Queue a test event',
      params: webhookParamsSchema,
      body: null,
      responses: { 202: deliverySchema },
    },
  },
  '/api/v1/audit': {
    get: {
      tag: 'audit',
      summary: 'The audit log (admins); format=csv|jsonl streams the filtered set',
      query: auditQuerySchema,
      responses: { 200: auditExport('A page (format=json), or every matching entry (csv, jsonl)') },
    },
  },
  '/api/v1/robots': {
    get: {
      tag: 'robots',
      summary: 'All robot accounts (admins)',
      responses: { 200: robotListSchema },
    },
    post: {
      tag: 'robots',
      summary: 'Create a system robot (admins)',
      body: createSystemRobotSchema,
      responses: { 201: robotWithSecretSchema },
    },
  },
  '/api/v1/robots/{id}': {
    patch: {
      tag: 'robots',
      summary: 'Disable/enable a robot, describe it, or set its allowed networks',
      params: idParams,
      body: updateRobotSchema,
      responses: { 200: robotSchema },
    },
    delete: {
      tag: 'robots',
      summary: 'Delete a robot',
      params: idParams,
      responses: { 204: null },
    },
  },
  '/api/v1/robots/{id}/rotate': {
    post: {
      tag: 'robots',
      summary: 'Rotate the secret (old one stops working)',
      params: idParams,
      body: null,
      responses: { 200: robotWithSecretSchema },
    },
  },
  '/api/v1/settings': {
    get: {
      tag: 'settings',
      summary: 'Get runtime settings (admins)',
      responses: { 200: settingsResponseSchema },
    },
    patch: {
      tag: 'settings',
      summary: 'Change runtime settings: the keys given change (admins)',
      body: updateSettingsSchema,
      responses: { 200: settingsResponseSchema },
    },
    put: {
      tag: 'settings',
      summary: 'Change runtime settings (as PATCH)',
      body: updateSettingsSchema,
      responses: { 200: settingsResponseSchema },
    },
  },
  '/api/v1/system/token-certificate': {
    get: {
      tag: 'system',
      summary: "PEM certificate for the registry's auth.token.rootcertbundle",
      auth: 'none',
      responses: { 200: { description: 'PEM', content: { 'application/x-pem-file': z.string() } } },
    },
  },
  '/api/v1/system/reconcile': {
    post: {
      tag: 'system',
      summary: 'Walk the registry now and repair drift (admins)',
      body: null,
      responses: { 200: reconcileReportSchema },
    },
  },
  '/api/v1/system/ldap': {
    get: {
      tag: 'system',
      summary: 'LDAP settings, read-only (admins)',
      responses: { 200: ldapSettingsViewSchema },
    },
    post: {
      tag: 'system',
      summary: 'Test the LDAP connection, or a user with {username} (admins)',
      body: ldapTestSchema,
      responses: { 200: ldapTestResultSchema },
    },
  },
  '/api/v1/ldap/groups': {
    get: {
      tag: 'members',
      summary: 'Search directory groups (adding a group member)',
      query: searchQuery,
      responses: { 200: ldapGroupListSchema },
    },
  },
  '/api/v1/system/oidc': {
    get: {
      tag: 'system',
      summary: 'OpenID Connect settings, read-only, no client secret (admins)',
      responses: { 200: oidcSettingsViewSchema },
    },
    post: {
      tag: 'system',
      summary: "Test discovery: fetch the issuer's /.well-known/openid-configuration (admins)",
      body: null,
      responses: { 200: oidcDiscoveryResultSchema },
    },
  },
  '/api/v1/oidc/groups': {
    get: {
      tag: 'members',
      summary: 'OIDC groups seen at sign-ins (adding a group member)',
      query: searchQuery,
      responses: { 200: oidcGroupListSchema },
    },
  },
  '/api/v1/access/explain': {
    get: {
      tag: 'access',
      summary:
        'What a token request would grant a user, robot or anonymous client for a docker scope from an address, with the reasons',
      auth: 'optional',
      query: explainQuerySchema,
      responses: { 200: explanationSchema },
    },
  },
  '/api/v1/search': {
    get: {
      tag: 'search',
      summary: 'Projects and repositories the caller may see, by name',
      auth: 'optional',
      query: searchQuery,
      responses: { 200: searchResultSchema },
    },
  },
  '/api/v1/openapi.json': {
    get: {
      tag: 'meta',
      summary: 'This document',
      auth: 'none',
      responses: { 200: responseSchemas.OpenApiDocument },
    },
  },
  // Outside /api/v1: what clients and monitoring call.
  '/api/health': {
    get: {
      tag: 'meta',
      summary: 'Status of the database, the registry and the last reconcile; 503 when the database is down',
      auth: 'none',
      responses: { 200: healthSchema },
    },
  },
  '/v2/token': {
    get: {
      tag: 'registry',
      summary:
        'The Docker registry token endpoint (distribution token authentication): HTTP Basic, or anonymous for public pulls',
      auth: 'optional',
      query: tokenQuerySchema,
      responses: { 200: tokenResponseSchema },
    },
  },
  '/metrics': {
    get: {
      tag: 'meta',
      summary:
        'Prometheus metrics; with METRICS_TOKEN set, only with `Authorization: Bearer <METRICS_TOKEN>`',
      auth: 'none',
      responses: { 200: { content: { 'text/plain': z.string() } } },
    },
  },
};
