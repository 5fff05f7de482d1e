-- AlterTable
ALTER TABLE "Repository" ADD COLUMN     "lastPullAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "repositoryId" INTEGER NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "digest" VARCHAR(100) NOT NULL,
    "pushedAt" TIMESTAMP(3),
    "pushedBy" VARCHAR(128),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Manifest" (
    "digest" VARCHAR(100) NOT NULL,
    "mediaType" VARCHAR(128) NOT NULL,
    "size" BIGINT NOT NULL,
    "created" TIMESTAMP(3),
    "platforms" JSONB NOT NULL,
    "isIndex" BOOLEAN NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Manifest_pkey" PRIMARY KEY ("digest")
);

-- CreateIndex
CREATE INDEX "Tag_repositoryId_pushedAt_idx" ON "Tag"("repositoryId", "pushedAt");

-- CreateIndex
CREATE INDEX "Tag_digest_idx" ON "Tag"("digest");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_repositoryId_name_key" ON "Tag"("repositoryId", "name");

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

