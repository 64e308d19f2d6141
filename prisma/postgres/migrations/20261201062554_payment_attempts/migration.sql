-- CreateTable
CREATE TABLE "PaymentAttempt" (
    "id" TEXT NOT NULL,
    "attemptKey" TEXT NOT NULL,
    "paymentIntentId" TEXT NOT NULL,
    "chargeId" TEXT,
    "orderId" TEXT NOT NULL,
    "userId" TEXT,
    "emailNormalized" TEXT NOT NULL,
    "ip" TEXT,
    "outcome" TEXT NOT NULL,
    "errorCode" TEXT,
    "declineCode" TEXT,
    "cardFingerprint" TEXT,
    "cardBrand" TEXT,
    "cardLast4" TEXT,
    "cardCountry" TEXT,
    "cvcCheck" TEXT,
    "addressLine1Check" TEXT,
    "postalCodeCheck" TEXT,
    "threeDSecure" TEXT,
    "attemptedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaymentAttempt_attemptKey_key" ON "PaymentAttempt"("attemptKey");

-- CreateIndex
CREATE INDEX "PaymentAttempt_orderId_attemptedAt_idx" ON "PaymentAttempt"("orderId", "attemptedAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_userId_attemptedAt_idx" ON "PaymentAttempt"("userId", "attemptedAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_emailNormalized_attemptedAt_idx" ON "PaymentAttempt"("emailNormalized", "attemptedAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_cardFingerprint_attemptedAt_idx" ON "PaymentAttempt"("cardFingerprint", "attemptedAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_ip_attemptedAt_idx" ON "PaymentAttempt"("ip", "attemptedAt");

-- CreateIndex
CREATE INDEX "PaymentAttempt_outcome_attemptedAt_idx" ON "PaymentAttempt"("outcome", "attemptedAt");

-- AddForeignKey
ALTER TABLE "PaymentAttempt" ADD CONSTRAINT "PaymentAttempt_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentAttempt" ADD CONSTRAINT "PaymentAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

