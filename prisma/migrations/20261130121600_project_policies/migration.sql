-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "quotaBytes" BIGINT,
ADD COLUMN     "usageAt" TIMESTAMP(3),
ADD COLUMN     "usedBytes" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ManifestContent" (
    "digest" VARCHAR(100) NOT NULL,
    "blobs" JSONB NOT NULL,
    "children" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ManifestContent_pkey" PRIMARY KEY ("digest")
);

-- CreateTable
CREATE TABLE "RetentionPolicy" (
    "projectId" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "schedule" VARCHAR(16),
    "updatedBy" VARCHAR(128),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionPolicy_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "RetentionRun" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "trigger" VARCHAR(16) NOT NULL,
    "startedBy" VARCHAR(128),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "deleted" INTEGER NOT NULL DEFAULT 0,
    "deletedTags" JSONB NOT NULL DEFAULT '[]',
    "errors" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "RetentionRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RetentionRun_projectId_startedAt_idx" ON "RetentionRun"("projectId", "startedAt");

-- AddForeignKey
ALTER TABLE "RetentionPolicy" ADD CONSTRAINT "RetentionPolicy_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionRun" ADD CONSTRAINT "RetentionRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
