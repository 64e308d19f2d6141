-- CreateTable
CREATE TABLE "FraudPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "holdScore" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT
);

-- CreateIndex
CREATE INDEX "Order_cartId_idx" ON "Order"("cartId");

