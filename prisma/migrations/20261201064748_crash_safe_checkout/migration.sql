-- AlterTable
ALTER TABLE "Order" ADD COLUMN "checkoutExpiresAt" DATETIME;

-- CreateTable
CREATE TABLE "CartRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cartId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    CONSTRAINT "CartRequest_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CartRequest_expiresAt_idx" ON "CartRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "CartRequest_cartId_key_key" ON "CartRequest"("cartId", "key");

