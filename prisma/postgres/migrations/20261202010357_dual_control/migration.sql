-- CreateTable
CREATE TABLE "DualControlProposal" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "amountCents" INTEGER NOT NULL,
    "input" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "proposedByEmail" TEXT NOT NULL,
    "confirmedById" TEXT,
    "confirmedByEmail" TEXT,
    "confirmNote" TEXT,
    "refundId" TEXT,
    "error" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DualControlProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DualControlProposal_orderId_status_idx" ON "DualControlProposal"("orderId", "status");

-- AddForeignKey
ALTER TABLE "DualControlProposal" ADD CONSTRAINT "DualControlProposal_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

