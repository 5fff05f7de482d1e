// The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json). A unit test checks
// that it names exactly the routes and methods under app/api/v1.
type Op = { summary: string; body?: string; query?: string[]; ok?: number; auth?: 'optional' };

const errorRef = { $ref: '#/components/responses/Error' };

function operation(tag: string, pathParams: string[], { summary, body, query = [], ok = 200, auth }: Op) {
  return {
    tags: [tag],
    summary,
    ...(auth === 'optional' ? { security: [{}, { basic: [] }, { session: [] }] } : {}),
    parameters: [
      ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...query.map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
    ],
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${body}` } } },
          },
        }
      : {}),
    responses: {
      [ok]: { description: ok === 204 ? 'Done' : 'OK' },
      400: errorRef,
      401: errorRef,
      403: errorRef,
      404: errorRef,
      409: errorRef,
    },
  };
}

const paging = ['q', 'page', 'pageSize'];
const cidrs = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'string',
    description: 'CIDR, IPv4 or IPv6 (10.0.0.0/8, fd00::/8); a bare address is /32 or /128',
  },
};
const auditQuery = ['actor', 'action', 'project', 'repository', 'from', 'to', 'page', 'pageSize', 'format'];
/** A webhook's fields; `withDefaults` for creation. */
function webhookProperties(withDefaults: boolean) {
  const d = (value: unknown) => (withDefaults ? { default: value } : {});
  return {
    url: { type: 'string', format: 'uri', maxLength: 2048 },
    events: { type: 'array', items: { type: 'string', enum: ['push', 'delete', 'pull', 'member', 'quota'] } },
    enabled: { type: 'boolean', ...d(true) },
    format: { type: 'string', enum: ['wharf', 'cloudevents', 'harbor'], ...d('wharf') },
    authHeader: { type: ['string', 'null'], maxLength: 1024 },
    verifyTls: { type: 'boolean', ...d(true) },
  };
}
const role = { type: 'string', enum: ['guest', 'developer', 'maintainer', 'projectAdmin'] };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Wharf API',
    version: '1',
    description: 'Errors use one envelope: {"error": {"code", "message"}}.',
  },
  servers: [{ url: '/' }],
  security: [{ basic: [] }, { session: [] }],
  paths: {
    '/api/v1/projects': {
      get: operation('projects', [], { summary: 'List visible projects', query: paging, auth: 'optional' }),
      post: operation('projects', [], {
        summary:
          'Create a project; a name whose images are still in the registry is refused (admins may send `adopt: true`)',
        body: 'CreateProject',
        ok: 201,
      }),
    },
    '/api/v1/projects/{name}': {
      get: operation('projects', ['name'], { summary: 'Get a project', auth: 'optional' }),
      patch: operation('projects', ['name'], { summary: 'Update a project', body: 'UpdateProject' }),
      delete: operation('projects', ['name'], {
        summary: 'Delete a project and its images in the registry',
        query: ['force'],
      }),
    },
    '/api/v1/projects/{name}/members': {
      get: operation('members', ['name'], { summary: 'List members' }),
      post: operation('members', ['name'], {
        summary: 'Add a user, an LDAP group, or an OIDC group ({group, source: "oidc", role})',
        body: 'AddMember',
        ok: 201,
      }),
    },
    '/api/v1/projects/{name}/members/{memberId}': {
      patch: operation('members', ['name', 'memberId'], {
        summary: "Change a member's role",
        body: 'UpdateMember',
      }),
      delete: operation('members', ['name', 'memberId'], { summary: 'Remove a member', ok: 204 }),
    },
    '/api/v1/projects/{name}/repositories': {
      get: operation('repositories', ['name'], {
        summary: 'Repositories of a project',
        query: paging,
        auth: 'optional',
      }),
    },
    '/api/v1/repositories/{path}/tags': {
      get: operation('repositories', ['path'], {
        summary: 'Tags of a repository ({path} is the repository name, slashes included)',
        query: [...paging, 'sort'],
        auth: 'optional',
      }),
    },
    '/api/v1/repositories/{path}/tags/{tag}': {
      get: operation('repositories', ['path', 'tag'], {
        summary: 'A tag and every tag sharing its digest (`sameDigest`: what deleting it removes)',
        auth: 'optional',
      }),
      delete: operation('repositories', ['path', 'tag'], {
        summary: 'Delete a tag (and every tag sharing its digest)',
      }),
    },
    '/api/v1/users': {
      get: operation('users', [], { summary: 'List (admins) or search users', query: paging }),
      post: operation('users', [], { summary: 'Create a local user', body: 'CreateUser', ok: 201 }),
    },
    '/api/v1/users/{username}': {
      get: operation('users', ['username'], { summary: 'Get a user (`me` for yourself)' }),
      patch: operation('users', ['username'], { summary: 'Update a user', body: 'UpdateUser' }),
      delete: operation('users', ['username'], { summary: 'Delete a user', ok: 204 }),
    },
    '/api/v1/users/{username}/docker-logins': {
      get: operation('users', ['username'], { summary: 'Active docker logins (refresh tokens)' }),
    },
    '/api/v1/users/{username}/docker-logins/{id}': {
      delete: operation('users', ['username', 'id'], { summary: 'Revoke a docker login', ok: 204 }),
    },
    '/api/v1/users/{username}/tokens': {
      get: operation('tokens', ['username'], { summary: 'Personal access tokens' }),
      post: operation('tokens', ['username'], {
        summary: 'Create a personal access token (shown once)',
        body: 'CreateToken',
        ok: 201,
      }),
    },
    '/api/v1/users/{username}/tokens/{id}': {
      delete: operation('tokens', ['username', 'id'], { summary: 'Revoke a personal access token', ok: 204 }),
    },
    '/api/v1/projects/{name}/retention': {
      get: operation('retention', ['name'], { summary: 'The tag retention rules and schedule' }),
      put: operation('retention', ['name'], {
        summary: 'Set the tag retention rules and schedule (project admins)',
        body: 'RetentionPolicy',
      }),
    },
    '/api/v1/projects/{name}/retention/runs': {
      get: operation('retention', ['name'], { summary: 'Recorded retention runs, newest first' }),
      post: operation('retention', ['name'], {
        summary:
          'With {dryRun: true}: the tags a run would delete and why; without: delete them (by digest) and record the run',
        body: 'RetentionRun',
        ok: 201,
      }),
    },
    '/api/v1/projects/{name}/robots': {
      get: operation('robots', ['name'], { summary: "A project's robot accounts" }),
      post: operation('robots', ['name'], {
        summary: 'Create a project robot (secret shown once)',
        body: 'CreateProjectRobot',
        ok: 201,
      }),
    },
    '/api/v1/projects/{name}/activity': {
      get: operation('audit', ['name'], {
        summary: "The project's activity (members); format=csv|jsonl streams the filtered set",
        query: auditQuery.filter((q) => q !== 'project'),
      }),
    },
    '/api/v1/projects/{name}/webhooks': {
      get: operation('webhooks', ['name'], { summary: "A project's webhooks (project admins)" }),
      post: operation('webhooks', ['name'], {
        summary: 'Create a webhook; the answer has its signing secret (shown once)',
        body: 'CreateWebhook',
        ok: 201,
      }),
    },
    '/api/v1/projects/{name}/webhooks/{id}': {
      get: operation('webhooks', ['name', 'id'], { summary: 'A webhook' }),
      patch: operation('webhooks', ['name', 'id'], { summary: 'Change a webhook', body: 'UpdateWebhook' }),
      delete: operation('webhooks', ['name', 'id'], { summary: 'Delete a webhook', ok: 204 }),
    },
    '/api/v1/projects/{name}/webhooks/{id}/deliveries': {
      get: operation('webhooks', ['name', 'id'], {
        summary: 'Deliveries, newest first (status, response code, duration, attempts)',
        query: ['page', 'pageSize'],
      }),
    },
    '/api/v1/projects/{name}/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
      post: operation('webhooks', ['name', 'id', 'deliveryId'], {
        summary: 'Send a delivery’s event again (same event id)',
        ok: 202,
      }),
    },
    '/api/v1/projects/{name}/webhooks/{id}/test': {
      post: operation('webhooks', ['name', 'id'], { summary: 'Queue a test event', ok: 202 }),
    },
    '/api/v1/audit': {
      get: operation('audit', [], {
        summary: 'The audit log (admins); format=csv|jsonl streams the filtered set',
        query: auditQuery,
      }),
    },
    '/api/v1/robots': {
      get: operation('robots', [], { summary: 'All robot accounts (admins)' }),
      post: operation('robots', [], {
        summary: 'Create a system robot (admins)',
        body: 'CreateSystemRobot',
        ok: 201,
      }),
    },
    '/api/v1/robots/{id}': {
      patch: operation('robots', ['id'], {
        summary: 'Disable/enable a robot, describe it, or set its allowed networks',
        body: 'UpdateRobot',
      }),
      delete: operation('robots', ['id'], { summary: 'Delete a robot', ok: 204 }),
    },
    '/api/v1/robots/{id}/rotate': {
      post: operation('robots', ['id'], { summary: 'Rotate the secret (old one stops working)' }),
    },
    '/api/v1/settings': {
      get: operation('settings', [], { summary: 'Get runtime settings' }),
      patch: operation('settings', [], { summary: 'Change runtime settings', body: 'Settings' }),
      put: operation('settings', [], { summary: 'Change runtime settings (as PATCH)', body: 'Settings' }),
    },
    '/api/v1/system/token-certificate': {
      get: {
        tags: ['system'],
        summary: "PEM certificate for the registry's auth.token.rootcertbundle",
        security: [{}],
        responses: { 200: { description: 'PEM' } },
      },
    },
    '/api/v1/system/reconcile': {
      post: operation('system', [], { summary: 'Walk the registry now and repair drift (admins)' }),
    },
    '/api/v1/system/ldap': {
      get: operation('system', [], { summary: 'LDAP settings, read-only (admins)' }),
      post: operation('system', [], {
        summary: 'Test the LDAP connection, or a user with {username} (admins)',
      }),
    },
    '/api/v1/ldap/groups': {
      get: operation('members', [], {
        summary: 'Search directory groups (adding a group member)',
        query: ['q'],
      }),
    },
    '/api/v1/system/oidc': {
      get: operation('system', [], {
        summary: 'OpenID Connect settings, read-only, no client secret (admins)',
      }),
      post: operation('system', [], {
        summary: "Test discovery: fetch the issuer's /.well-known/openid-configuration (admins)",
      }),
    },
    '/api/v1/oidc/groups': {
      get: operation('members', [], {
        summary: 'OIDC groups seen at sign-ins (adding a group member)',
        query: ['q'],
      }),
    },
    '/api/v1/access/explain': {
      get: operation('access', [], {
        summary:
          'What a token request would grant a user, robot or anonymous client for a docker scope from an address, with the reasons',
        query: ['subject', 'scope', 'ip', 'token'],
        auth: 'optional',
      }),
    },
    '/api/v1/search': {
      get: operation('search', [], {
        summary: 'Projects and repositories the caller may see, by name',
        query: ['q'],
        auth: 'optional',
      }),
    },
    '/api/v1/openapi.json': {
      get: {
        tags: ['meta'],
        summary: 'This document',
        security: [{}],
        responses: { 200: { description: 'OK' } },
      },
    },
  } as Record<string, Record<string, unknown>>,
  components: {
    securitySchemes: {
      basic: { type: 'http', scheme: 'basic' },
      session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
    },
    responses: {
      Error: {
        description: 'Error envelope',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
          },
        },
      },
      CreateWebhook: { type: 'object', required: ['url', 'events'], properties: webhookProperties(true) },
      UpdateWebhook: { type: 'object', properties: webhookProperties(false) },
      CreateProject: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*[a-z0-9]$', minLength: 2, maxLength: 64 },
          public: { type: 'boolean', default: false },
          description: { type: 'string', maxLength: 1024 },
          anonymousPullCidrs: { ...cidrs, description: 'default: the settings defaultAnonymousPullCidrs' },
          pushCidrs: { ...cidrs, description: 'default: the settings defaultPushCidrs' },
        },
      },
      UpdateProject: {
        type: 'object',
        properties: {
          public: { type: 'boolean' },
          description: { type: 'string', maxLength: 1024 },
          anonymousPullCidrs: { ...cidrs, description: 'clients there may pull without credentials' },
          pushCidrs: { ...cidrs, description: 'push and delete only from these networks; [] = anywhere' },
          quotaBytes: {
            type: ['integer', 'null'],
            minimum: 0,
            description: 'storage quota in bytes, null = unlimited (system administrators only)',
          },
        },
      },
      RetentionPolicy: {
        type: 'object',
        required: ['rules'],
        properties: {
          rules: {
            type: 'array',
            maxItems: 20,
            items: {
              type: 'object',
              description: 'keeps either keepLatest or keepDays (exactly one)',
              properties: {
                repositories: {
                  type: 'string',
                  default: '**',
                  description: 'glob on the name inside the project',
                },
                tags: { type: 'string', default: '*' },
                keepLatest: { type: 'integer', minimum: 1 },
                keepDays: { type: 'integer', minimum: 1 },
              },
            },
          },
          schedule: { type: ['string', 'null'], enum: ['daily', null], default: null },
        },
      },
      RetentionRun: { type: 'object', properties: { dryRun: { type: 'boolean', default: false } } },
      AddMember: {
        type: 'object',
        required: ['role'],
        properties: {
          username: { type: 'string' },
          group: { type: 'string', description: 'LDAP group DN, or OIDC group name (with source oidc)' },
          source: { type: 'string', enum: ['ldap', 'oidc'], default: 'ldap' },
          role,
        },
      },
      UpdateMember: { type: 'object', required: ['role'], properties: { role } },
      CreateUser: {
        type: 'object',
        required: ['username', 'password'],
        properties: {
          username: { type: 'string', maxLength: 64 },
          password: { type: 'string', minLength: 8, maxLength: 256 },
          email: { type: 'string', format: 'email' },
          displayName: { type: 'string' },
          admin: { type: 'boolean', default: false },
        },
      },
      UpdateUser: {
        type: 'object',
        properties: {
          disabled: { type: 'boolean' },
          admin: { type: 'boolean' },
          password: { type: 'string', minLength: 8 },
          currentPassword: { type: 'string', description: 'required when changing your own password' },
          email: { type: ['string', 'null'] },
          displayName: { type: ['string', 'null'] },
        },
      },
      CreateToken: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', maxLength: 64 },
          expiresInDays: { type: ['integer', 'null'], default: 90 },
          readOnly: { type: 'boolean', default: false },
        },
      },
      CreateProjectRobot: {
        type: 'object',
        required: ['name', 'actions'],
        properties: {
          name: { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$' },
          actions: { type: 'array', items: { type: 'string', enum: ['pull', 'push', 'delete'] } },
          expiresInDays: {
            type: ['integer', 'null'],
            default: 30,
            description: 'null = never (only if the settings allow)',
          },
          description: { type: 'string' },
          allowedCidrs: { ...cidrs, description: 'the secret works only from these networks; [] = anywhere' },
        },
      },
      CreateSystemRobot: {
        type: 'object',
        required: ['name', 'permissions'],
        properties: {
          name: { type: 'string' },
          permissions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                project: { type: 'string' },
                actions: { type: 'array', items: { type: 'string', enum: ['pull', 'push', 'delete'] } },
              },
            },
          },
          expiresInDays: { type: ['integer', 'null'], default: 30 },
          description: { type: 'string' },
        },
      },
      UpdateRobot: {
        type: 'object',
        properties: { disabled: { type: 'boolean' }, description: { type: 'string' }, allowedCidrs: cidrs },
      },
      Settings: {
        type: 'object',
        properties: {
          projectCreation: { type: 'string', enum: ['adminOnly', 'everyone'] },
          defaultAnonymousPullCidrs: cidrs,
          defaultPushCidrs: cidrs,
          defaultQuotaBytes: {
            type: ['integer', 'null'],
            minimum: 0,
            description: 'storage quota of new projects in bytes, null = unlimited',
          },
          webhookAllowedNetworks: { ...cidrs, description: 'CIDRs; empty = any public address' },
        },
      },
    },
  },
};
