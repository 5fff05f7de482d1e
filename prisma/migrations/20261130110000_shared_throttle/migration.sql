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
