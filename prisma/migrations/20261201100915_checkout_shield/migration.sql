-- CreateTable
CREATE TABLE "CheckoutBreaker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "changedAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "declines" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "BlockEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "removedAt" DATETIME,
    "removedByEmail" TEXT,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "lastHitAt" DATETIME
);

-- CreateIndex
CREATE INDEX "BlockEntry_kind_value_idx" ON "BlockEntry"("kind", "value");

-- CreateIndex
CREATE INDEX "BlockEntry_removedAt_createdAt_idx" ON "BlockEntry"("removedAt", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_attemptedAt_idx" ON "PaymentAttempt"("attemptedAt");

