-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" VARCHAR(300) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "locks" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "KnownSignIn" (
    "name" VARCHAR(140) NOT NULL,
    "ip" VARCHAR(64) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnownSignIn_pkey" PRIMARY KEY ("name","ip")
);

-- CreateIndex
CREATE INDEX "SignInThrottle_lockedUntil_idx" ON "SignInThrottle"("lockedUntil");

-- CreateIndex
CREATE INDEX "KnownSignIn_until_idx" ON "KnownSignIn"("until");

-- Every replica caches authorization data (lib/cluster/events.ts): a committed change to what
-- a decision reads tells all of them, whoever wrote it. Statement-level, so a bulk revoke is
-- one event; column lists leave out bookkeeping (lastUsedAt, lastLoginAt).
CREATE FUNCTION wharf_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wharf_events', 'auth:' || TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER wharf_auth_user AFTER INSERT OR DELETE OR UPDATE OF "username", "isAdmin", "disabledAt", "credentialsChangedAt", "passwordHash", "ldapGroups", "source"
  ON "User" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_member AFTER INSERT OR DELETE OR UPDATE
  ON "Member" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_project AFTER INSERT OR DELETE OR UPDATE OF "name", "isPublic"
  ON "Project" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_personal_token AFTER DELETE OR UPDATE OF "revokedAt", "expiresAt", "readOnly", "userId"
  ON "PersonalToken" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_refresh_token AFTER DELETE OR UPDATE OF "revokedAt", "expiresAt", "readOnly"
  ON "RefreshToken" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_session AFTER DELETE OR UPDATE OF "revokedAt"
  ON "Session" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_robot AFTER DELETE OR UPDATE OF "secretHash", "disabledAt", "expiresAt", "name"
  ON "Robot" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_robot_permission AFTER INSERT OR DELETE OR UPDATE
  ON "RobotPermission" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
CREATE TRIGGER wharf_auth_setting AFTER INSERT OR DELETE OR UPDATE
  ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION wharf_auth_changed();
