-- CreateTable
CREATE TABLE "EarlyFraudWarning" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "fraudType" TEXT NOT NULL,
    "actionable" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedByEmail" TEXT,

    CONSTRAINT "EarlyFraudWarning_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EarlyFraudWarning_orderId_idx" ON "EarlyFraudWarning"("orderId");

-- CreateIndex
CREATE INDEX "EarlyFraudWarning_resolvedAt_createdAt_idx" ON "EarlyFraudWarning"("resolvedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "EarlyFraudWarning" ADD CONSTRAINT "EarlyFraudWarning_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

