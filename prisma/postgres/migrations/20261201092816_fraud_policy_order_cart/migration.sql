-- CreateTable
CREATE TABLE "FraudPolicy" (
    "id" TEXT NOT NULL,
    "holdScore" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "FraudPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Order_cartId_idx" ON "Order"("cartId");

