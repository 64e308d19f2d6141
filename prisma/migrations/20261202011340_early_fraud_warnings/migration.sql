-- CreateTable
CREATE TABLE "EarlyFraudWarning" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "chargeId" TEXT NOT NULL,
    "fraudType" TEXT NOT NULL,
    "actionable" BOOLEAN NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "resolvedByEmail" TEXT,
    CONSTRAINT "EarlyFraudWarning_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EarlyFraudWarning_orderId_idx" ON "EarlyFraudWarning"("orderId");

-- CreateIndex
CREATE INDEX "EarlyFraudWarning_resolvedAt_createdAt_idx" ON "EarlyFraudWarning"("resolvedAt", "createdAt");

