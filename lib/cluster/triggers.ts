// The database triggers that announce changes to authorization data on the `wharf_events`
// channel (lib/cluster/events.ts), whoever writes: another replica, an admin with psql.
// Statement-level, so a bulk revoke is one event, and column lists leave out bookkeeping
// (lastUsedAt, lastLoginAt, ldapSyncedAt). Installed by the listener before it listens
// (idempotent, serialized between replicas by an advisory lock): a replica trusts its caches
// only once the database is sure to tell it about changes. Kept out of the Prisma migrations,
// whose script runner splits statements at every semicolon (plpgsql bodies have them).
export const AUTH_TRIGGERS_SQL = `
BEGIN;
SELECT pg_advisory_xact_lock(2003789940);
CREATE OR REPLACE FUNCTION wharf_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wharf_events', 'auth:' || TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER wharf_auth_user AFTER INSERT OR DELETE OR UPDATE OF "username", "isAdmin", "disabledAt", "credentialsChangedAt", "passwordHash", "ldapGroups", "oidcGroups", "source"
  ON "User" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_member AFTER INSERT OR DELETE OR UPDATE
  ON "Member" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_project AFTER INSERT OR DELETE OR UPDATE OF "name", "isPublic", "quotaBytes"
  ON "Project" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_personal_token AFTER DELETE OR UPDATE OF "revokedAt", "expiresAt", "readOnly", "userId"
  ON "PersonalToken" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_refresh_token AFTER DELETE OR UPDATE OF "revokedAt", "expiresAt", "readOnly"
  ON "RefreshToken" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_session AFTER DELETE OR UPDATE OF "revokedAt"
  ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_robot AFTER DELETE OR UPDATE OF "secretHash", "disabledAt", "expiresAt", "name"
  ON "Robot" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_robot_permission AFTER INSERT OR DELETE OR UPDATE
  ON "RobotPermission" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE OR REPLACE TRIGGER wharf_auth_setting AFTER INSERT OR DELETE OR UPDATE
  ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
COMMIT;
`;
