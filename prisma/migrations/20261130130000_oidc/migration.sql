-- OpenID Connect sign-in: OIDC users, their groups as of their last sign-in, OIDC groups as project members
ALTER TYPE "UserSource" ADD VALUE IF NOT EXISTS 'OIDC';

-- CreateEnum
CREATE TYPE "GroupSource" AS ENUM ('LDAP', 'OIDC');

ALTER TABLE "User" ADD COLUMN "oidcSubject" VARCHAR(255),
ADD COLUMN "oidcGroups" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

CREATE UNIQUE INDEX "User_oidcSubject_key" ON "User"("oidcSubject");

-- Group members say where their group comes from: an OIDC group named like an LDAP DN is another group
ALTER TABLE "Member" ADD COLUMN "groupSource" "GroupSource";

UPDATE "Member" SET "groupSource" = 'LDAP' WHERE "groupDn" IS NOT NULL;

DROP INDEX IF EXISTS "Member_projectId_groupDn_key";

CREATE UNIQUE INDEX "Member_projectId_groupSource_groupDn_key" ON "Member"("projectId", "groupSource", "groupDn");
