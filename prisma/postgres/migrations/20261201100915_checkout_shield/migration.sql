-- CreateTable
CREATE TABLE "CheckoutBreaker" (
    "id" TEXT NOT NULL,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "declines" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CheckoutBreaker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BlockEntry" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "removedAt" TIMESTAMP(3),
    "removedByEmail" TEXT,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "lastHitAt" TIMESTAMP(3),

    CONSTRAINT "BlockEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BlockEntry_kind_value_idx" ON "BlockEntry"("kind", "value");

-- CreateIndex
CREATE INDEX "BlockEntry_removedAt_createdAt_idx" ON "BlockEntry"("removedAt", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_attemptedAt_idx" ON "PaymentAttempt"("attemptedAt");

