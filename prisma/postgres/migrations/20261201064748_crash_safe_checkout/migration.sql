-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "checkoutExpiresAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CartRequest" (
    "id" TEXT NOT NULL,
    "cartId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CartRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CartRequest_expiresAt_idx" ON "CartRequest"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "CartRequest_cartId_key_key" ON "CartRequest"("cartId", "key");

-- AddForeignKey
ALTER TABLE "CartRequest" ADD CONSTRAINT "CartRequest_cartId_fkey" FOREIGN KEY ("cartId") REFERENCES "Cart"("id") ON DELETE CASCADE ON UPDATE CASCADE;

