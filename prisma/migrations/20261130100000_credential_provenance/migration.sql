-- AlterTable
ALTER TABLE "User" ADD COLUMN     "ldapGroups" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "ldapStamp" VARCHAR(128),
ADD COLUMN     "ldapSyncedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN     "credentialsVersion" TIMESTAMP(3),
ADD COLUMN     "method" VARCHAR(16) NOT NULL DEFAULT 'password',
ADD COLUMN     "personalTokenId" INTEGER,
ADD COLUMN     "readOnly" BOOLEAN NOT NULL DEFAULT false;

-- Refresh tokens from before this release carry no provenance: end them (users log in again).
UPDATE "RefreshToken" SET "revokedAt" = CURRENT_TIMESTAMP WHERE "revokedAt" IS NULL;

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "userId" INTEGER NOT NULL,
    "credentialsVersion" TIMESTAMP(3) NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "sourceIp" VARCHAR(64),
    "userAgent" VARCHAR(256),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "RefreshToken_personalTokenId_idx" ON "RefreshToken"("personalTokenId");

-- AddForeignKey
ALTER TABLE "RefreshToken" ADD CONSTRAINT "RefreshToken_personalTokenId_fkey" FOREIGN KEY ("personalTokenId") REFERENCES "PersonalToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
