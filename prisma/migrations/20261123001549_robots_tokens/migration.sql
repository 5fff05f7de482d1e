-- CreateTable
CREATE TABLE "PersonalToken" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "tokenHash" CHAR(64) NOT NULL,
    "prefix" VARCHAR(24) NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonalToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Robot" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(140) NOT NULL,
    "description" VARCHAR(512) NOT NULL DEFAULT '',
    "projectId" INTEGER,
    "secretHash" CHAR(64) NOT NULL,
    "secretPrefix" VARCHAR(24) NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "createdBy" VARCHAR(64),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Robot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RobotPermission" (
    "id" SERIAL NOT NULL,
    "robotId" INTEGER NOT NULL,
    "projectId" INTEGER NOT NULL,
    "actions" TEXT[],

    CONSTRAINT "RobotPermission_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonalToken_tokenHash_key" ON "PersonalToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "PersonalToken_userId_name_key" ON "PersonalToken"("userId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Robot_name_key" ON "Robot"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Robot_secretHash_key" ON "Robot"("secretHash");

-- CreateIndex
CREATE INDEX "RobotPermission_projectId_idx" ON "RobotPermission"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "RobotPermission_robotId_projectId_key" ON "RobotPermission"("robotId", "projectId");

-- AddForeignKey
ALTER TABLE "PersonalToken" ADD CONSTRAINT "PersonalToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Robot" ADD CONSTRAINT "Robot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RobotPermission" ADD CONSTRAINT "RobotPermission_robotId_fkey" FOREIGN KEY ("robotId") REFERENCES "Robot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RobotPermission" ADD CONSTRAINT "RobotPermission_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

