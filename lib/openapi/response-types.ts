// Compile-time checks that what the lib functions behind the routes return is what the
// response schemas document: `tsc` fails here when a field is added, removed or retyped on one
// side only. Type-only: nothing here runs. (The e2e API spec also parses real answers.)
import type { z } from 'zod';
import type { explainAccess } from '@/lib/access/explain';
import type { explanationSchema } from '@/lib/access/schemas';
import type { AuditPage } from '@/lib/audit/queries';
import type { auditPageSchema } from '@/lib/audit/schemas';
import type { ErrorBody } from '@/lib/http';
import type { ldapSettingsView, testLdap } from '@/lib/ldap/diagnostics';
import type { ldapSettingsViewSchema, ldapTestResultSchema } from '@/lib/ldap/schemas';
import type { addMember, updateMemberRole } from '@/lib/members/mutations';
import type { listMembers } from '@/lib/members/queries';
import type { memberSchema } from '@/lib/members/schemas';
import type { oidcSettingsView, testOidcDiscovery } from '@/lib/oidc/diagnostics';
import type { oidcDiscoveryResultSchema, oidcSettingsViewSchema } from '@/lib/oidc/schemas';
import type {
  getRetentionPolicy,
  listRetentionRuns,
  putRetentionPolicy,
  startRetentionRun,
} from '@/lib/policies/retention';
import type {
  retentionDryRunSchema,
  retentionPolicyResponseSchema,
  retentionRunRecordSchema,
  retentionRunResultSchema,
} from '@/lib/policies/schemas';
import type { createProject, deleteProject, updateProject } from '@/lib/projects/mutations';
import type { getProject, listProjects } from '@/lib/projects/queries';
import type {
  createdProjectSchema,
  deletedProjectSchema,
  projectPageSchema,
  projectSchema,
  searchResultSchema,
} from '@/lib/projects/schemas';
import type { deleteTag } from '@/lib/registry/mutations';
import type { getTag, listRepositories, listTags } from '@/lib/registry/queries';
import type { ReconcileReport } from '@/lib/registry/reconcile';
import type {
  deletedTagSchema,
  reconcileReportSchema,
  repositoryPageSchema,
  tagPageSchema,
  tagSchema,
} from '@/lib/registry/schemas';
import type {
  createPersonalToken,
  createProjectRobot,
  createSystemRobot,
  listAllRobots,
  listPersonalTokens,
  listProjectRobots,
  rotateRobot,
  updateRobot,
} from '@/lib/robots/mutations';
import type {
  createdPersonalTokenSchema,
  personalTokenSchema,
  robotSchema,
  robotWithSecretSchema,
} from '@/lib/robots/schemas';
import type { errorBodySchema } from '@/lib/schemas';
import type { globalSearch } from '@/lib/search';
import type { Settings } from '@/lib/settings';
import type { settingsResponseSchema } from '@/lib/settings/schemas';
import type { listDockerLogins } from '@/lib/tokens/refresh-tokens';
import type { dockerLoginSchema } from '@/lib/tokens/schemas';
import type { DirectoryMatch } from '@/lib/users/directory';
import type { toUserJson } from '@/lib/users/queries';
import type { directoryUserSchema, userSchema } from '@/lib/users/schemas';
import type {
  createWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  sendTest,
  updateWebhook,
} from '@/lib/webhooks/mutations';
import type {
  deliveryPageSchema,
  deliverySchema,
  webhookSchema,
  webhookWithSecretSchema,
} from '@/lib/webhooks/schemas';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Result<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;
type Item<T> = T extends ReadonlyArray<infer I> ? I : never;

/** A schema's input and output types. */
type IO<S extends z.ZodType> = [z.input<S>, z.output<S>];
/**
 * Both ways: `Actual` must be a valid input of the schema (nothing undocumented, nothing missing),
 * and what the schema documents must be a valid `Actual` (no field typed wider or looser than it is).
 */
type Exact<Actual extends Schema[0], Schema extends [unknown, Actual]> = Actual;
/** A one-way check (only the first half of Exact) where the code's type is wider than the documented one (string vs an enum). */
type Within<Actual extends z.input<S>, S extends z.ZodType> = Actual;

/** Omits keys of a union's members (a plain Omit merges the union). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type ResponseChecks = [
  Exact<ErrorBody, IO<typeof errorBodySchema>>,
  Exact<Result<typeof listProjects>, IO<typeof projectPageSchema>>,
  Exact<Result<typeof getProject>, IO<typeof projectSchema>>,
  Exact<Result<typeof updateProject>, IO<typeof projectSchema>>,
  Exact<Result<typeof createProject>, IO<typeof createdProjectSchema>>,
  // `note: undefined` is left out of the JSON.
  Within<Result<typeof deleteProject>, typeof deletedProjectSchema>,
  Exact<Result<typeof globalSearch>, IO<typeof searchResultSchema>>,
  Within<Item<Result<typeof listMembers>>, typeof memberSchema>,
  Within<Result<typeof addMember>, typeof memberSchema>,
  Within<Result<typeof updateMemberRole>, typeof memberSchema>,
  Exact<Result<typeof listRepositories>, IO<typeof repositoryPageSchema>>,
  Exact<Result<typeof listTags>, IO<typeof tagPageSchema>>,
  Exact<Result<typeof getTag>, IO<typeof tagSchema>>,
  Exact<Result<typeof deleteTag>, IO<typeof deletedTagSchema>>,
  Exact<ReconcileReport, IO<typeof reconcileReportSchema>>,
  Exact<ReturnType<typeof toUserJson>, IO<typeof userSchema>>,
  Exact<DirectoryMatch, IO<typeof directoryUserSchema>>,
  Exact<Item<Result<typeof listDockerLogins>>, IO<typeof dockerLoginSchema>>,
  Exact<Item<Result<typeof listPersonalTokens>>, IO<typeof personalTokenSchema>>,
  Exact<Result<typeof createPersonalToken>, IO<typeof createdPersonalTokenSchema>>,
  Within<Item<Result<typeof listProjectRobots>>, typeof robotSchema>,
  Within<Item<Result<typeof listAllRobots>>, typeof robotSchema>,
  Within<Result<typeof updateRobot>, typeof robotSchema>,
  Within<Result<typeof createProjectRobot>, typeof robotWithSecretSchema>,
  Within<Result<typeof createSystemRobot>, typeof robotWithSecretSchema>,
  Within<Result<typeof rotateRobot>, typeof robotWithSecretSchema>,
  Within<Item<Result<typeof listWebhooks>>, typeof webhookSchema>,
  Within<Result<typeof getWebhook>, typeof webhookSchema>,
  Within<Result<typeof updateWebhook>, typeof webhookSchema>,
  Within<Result<typeof createWebhook>, typeof webhookWithSecretSchema>,
  Within<Result<typeof listDeliveries>, typeof deliveryPageSchema>,
  Within<Result<typeof redeliver>, typeof deliverySchema>,
  Within<Result<typeof sendTest>, typeof deliverySchema>,
  Exact<AuditPage, IO<typeof auditPageSchema>>,
  Exact<Result<typeof explainAccess>, IO<typeof explanationSchema>>,
  Exact<Settings, IO<typeof settingsResponseSchema>>,
  Exact<Result<typeof getRetentionPolicy>, IO<typeof retentionPolicyResponseSchema>>,
  Exact<Result<typeof putRetentionPolicy>, IO<typeof retentionPolicyResponseSchema>>,
  // Run records keep their deleted tags and errors as JSON columns (typed JsonValue).
  Exact<
    OmitEach<Item<Result<typeof listRetentionRuns>['items']>, 'deletedTags' | 'errors'>,
    IO<ReturnType<typeof retentionRunRecordSchema.omit<{ deletedTags: true; errors: true }>>>
  >,
  Within<
    OmitEach<Extract<Result<typeof startRetentionRun>, { tags: unknown }>, 'dryRun'>,
    ReturnType<typeof retentionDryRunSchema.omit<{ dryRun: true }>>
  >,
  Within<
    OmitEach<
      Extract<Result<typeof startRetentionRun>, { trigger: unknown }>,
      'dryRun' | 'deletedTags' | 'errors'
    >,
    ReturnType<typeof retentionRunResultSchema.omit<{ dryRun: true; deletedTags: true; errors: true }>>
  >,
  Within<Result<typeof ldapSettingsView>, typeof ldapSettingsViewSchema>,
  Within<
    OmitEach<Result<typeof testLdap>, 'user'>,
    ReturnType<typeof ldapTestResultSchema.omit<{ user: true }>>
  >,
  Exact<Result<typeof oidcSettingsView>, IO<typeof oidcSettingsViewSchema>>,
  Exact<Result<typeof testOidcDiscovery>, IO<typeof oidcDiscoveryResultSchema>>,
];
