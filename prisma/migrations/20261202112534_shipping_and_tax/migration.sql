-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "userId" TEXT,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING_PAYMENT',
    "currency" TEXT NOT NULL,
    "subtotalCents" INTEGER NOT NULL,
    "shippingCents" INTEGER NOT NULL,
    "shippingMethod" TEXT NOT NULL DEFAULT 'standard',
    "taxCents" INTEGER NOT NULL DEFAULT 0,
    "taxInclusive" BOOLEAN NOT NULL DEFAULT false,
    "taxBps" INTEGER NOT NULL DEFAULT 0,
    "taxLabel" TEXT,
    "totalCents" INTEGER NOT NULL,
    "ip" TEXT,
    "ipCountry" TEXT,
    "shippingName" TEXT NOT NULL,
    "shippingLine1" TEXT NOT NULL,
    "shippingLine2" TEXT,
    "shippingCity" TEXT NOT NULL,
    "shippingPostal" TEXT NOT NULL,
    "shippingCountry" TEXT NOT NULL,
    "shippingPhone" TEXT,
    "guestTokenHash" TEXT,
    "cartId" TEXT,
    "checkoutSessionId" TEXT,
    "paymentIntentId" TEXT,
    "stockReleased" BOOLEAN NOT NULL DEFAULT false,
    "riskScore" INTEGER,
    "captureBefore" DATETIME,
    "paidAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "heldAt" DATETIME,
    "expiryWarnedAt" DATETIME,
    "decisionError" TEXT,
    "checkoutExpiresAt" DATETIME,
    "reviewerId" TEXT,
    "reviewClaimedAt" DATETIME,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Order_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Order" ("captureBefore", "cartId", "checkoutExpiresAt", "checkoutSessionId", "createdAt", "currency", "decisionError", "email", "expiryWarnedAt", "guestTokenHash", "heldAt", "id", "ip", "ipCountry", "paidAt", "paymentIntentId", "reference", "reviewClaimedAt", "reviewerId", "riskScore", "shippingCents", "shippingCity", "shippingCountry", "shippingLine1", "shippingLine2", "shippingName", "shippingPhone", "shippingPostal", "status", "stockReleased", "subtotalCents", "totalCents", "updatedAt", "userId") SELECT "captureBefore", "cartId", "checkoutExpiresAt", "checkoutSessionId", "createdAt", "currency", "decisionError", "email", "expiryWarnedAt", "guestTokenHash", "heldAt", "id", "ip", "ipCountry", "paidAt", "paymentIntentId", "reference", "reviewClaimedAt", "reviewerId", "riskScore", "shippingCents", "shippingCity", "shippingCountry", "shippingLine1", "shippingLine2", "shippingName", "shippingPhone", "shippingPostal", "status", "stockReleased", "subtotalCents", "totalCents", "updatedAt", "userId" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_reference_key" ON "Order"("reference");
CREATE UNIQUE INDEX "Order_guestTokenHash_key" ON "Order"("guestTokenHash");
CREATE UNIQUE INDEX "Order_checkoutSessionId_key" ON "Order"("checkoutSessionId");
CREATE UNIQUE INDEX "Order_paymentIntentId_key" ON "Order"("paymentIntentId");
CREATE INDEX "Order_userId_createdAt_idx" ON "Order"("userId", "createdAt");
CREATE INDEX "Order_email_createdAt_idx" ON "Order"("email", "createdAt");
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");
CREATE INDEX "Order_status_captureBefore_idx" ON "Order"("status", "captureBefore");
CREATE INDEX "Order_cartId_idx" ON "Order"("cartId");
CREATE TABLE "new_OrderItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "taxCents" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OrderItem" ("id", "name", "orderId", "productId", "quantity", "sku", "unitPriceCents") SELECT "id", "name", "orderId", "productId", "quantity", "sku", "unitPriceCents" FROM "OrderItem";
DROP TABLE "OrderItem";
ALTER TABLE "new_OrderItem" RENAME TO "OrderItem";
CREATE INDEX "OrderItem_orderId_idx" ON "OrderItem"("orderId");
CREATE TABLE "new_Refund" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "stripeRefundId" TEXT,
    "amountCents" INTEGER NOT NULL,
    "taxCents" INTEGER NOT NULL DEFAULT 0,
    "shippingCents" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "restock" BOOLEAN NOT NULL DEFAULT false,
    "lines" TEXT,
    "staffId" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Refund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Refund" ("amountCents", "createdAt", "error", "id", "lines", "orderId", "reason", "restock", "staffId", "status", "stripeRefundId", "updatedAt") SELECT "amountCents", "createdAt", "error", "id", "lines", "orderId", "reason", "restock", "staffId", "status", "stripeRefundId", "updatedAt" FROM "Refund";
DROP TABLE "Refund";
ALTER TABLE "new_Refund" RENAME TO "Refund";
CREATE UNIQUE INDEX "Refund_stripeRefundId_key" ON "Refund"("stripeRefundId");
CREATE INDEX "Refund_orderId_idx" ON "Refund"("orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

