-- Audit log filters (project, repository, actor, action) and pull folding (count)
ALTER TABLE "AuditEvent" ADD COLUMN "actorKind" VARCHAR(16) NOT NULL DEFAULT 'user',
ADD COLUMN "project" VARCHAR(64),
ADD COLUMN "repository" VARCHAR(255),
ADD COLUMN "count" INTEGER NOT NULL DEFAULT 1;

-- Backfill what earlier rows already say
UPDATE "AuditEvent" SET "project" = LEFT("target", 64) WHERE "targetType" = 'project';

UPDATE "AuditEvent"
   SET "repository" = LEFT(split_part(split_part("target", '@', 1), ':', 1), 255),
       "project" = LEFT(split_part("target", '/', 1), 64),
       "actorKind" = CASE WHEN "actorName" LIKE 'robot-%' OR "actorName" LIKE 'robot$%' THEN 'robot' WHEN "actorName" = 'anonymous' THEN 'anonymous' ELSE 'user' END
 WHERE "targetType" = 'repository';

-- DropIndex
DROP INDEX IF EXISTS "AuditEvent_at_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_project_at_idx" ON "AuditEvent"("project", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_repository_at_idx" ON "AuditEvent"("repository", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorName_at_idx" ON "AuditEvent"("actorName", "at" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at" DESC);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" SERIAL NOT NULL,
    "projectId" INTEGER NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "format" VARCHAR(16) NOT NULL DEFAULT 'wharf',
    "secret" VARCHAR(100) NOT NULL,
    "authHeader" VARCHAR(1024),
    "verifyTls" BOOLEAN NOT NULL DEFAULT true,
    "createdBy" VARCHAR(128),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" BIGSERIAL NOT NULL,
    "webhookId" INTEGER NOT NULL,
    "eventId" VARCHAR(64) NOT NULL,
    "eventType" VARCHAR(16) NOT NULL,
    "event" JSONB NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMP(3),
    "responseCode" INTEGER,
    "durationMs" INTEGER,
    "error" VARCHAR(512),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Webhook_projectId_idx" ON "Webhook"("projectId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_webhookId_id_idx" ON "WebhookDelivery"("webhookId", "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_webhookId_id_idx" ON "WebhookDelivery"("status", "webhookId", "id");

-- AddForeignKey
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
