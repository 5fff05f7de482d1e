-- Network rules (issue 17): per-project anonymous-pull and push networks, per-robot networks.
ALTER TABLE "Project" ADD COLUMN "anonymousPullCidrs" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Project" ADD COLUMN "pushCidrs" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Robot" ADD COLUMN "allowedCidrs" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
