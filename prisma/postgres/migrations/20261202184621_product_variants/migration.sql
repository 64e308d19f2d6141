-- CreateTable
CREATE TABLE "ProductVariant" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "option1" TEXT NOT NULL DEFAULT '',
    "option2" TEXT NOT NULL DEFAULT '',
    "priceCents" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductVariant_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "option1Name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "option2Name" TEXT NOT NULL DEFAULT '';

-- Every existing product becomes a single-variant product: one variant with no option values,
-- the product's SKU, price and stock. Its id is derived from the product's ("v" + id), so the
-- cart and order lines below can find it.
INSERT INTO "ProductVariant" ("id", "productId", "sku", "option1", "option2", "priceCents", "stock", "position", "createdAt", "updatedAt")
SELECT 'v' || "id", "id", "sku", '', '', "priceCents", "stock", 0, "createdAt", "updatedAt" FROM "Product";

-- Cart lines move from the product to its variant.
ALTER TABLE "CartItem" DROP CONSTRAINT "CartItem_productId_fkey";
DROP INDEX "CartItem_cartId_productId_key";
ALTER TABLE "CartItem" ADD COLUMN "variantId" TEXT;
UPDATE "CartItem" SET "variantId" = 'v' || "productId";
ALTER TABLE "CartItem" ALTER COLUMN "variantId" SET NOT NULL;
ALTER TABLE "CartItem" DROP COLUMN "productId";

-- Order lines keep their product and name the variant they sold.
ALTER TABLE "OrderItem" ADD COLUMN "variantId" TEXT,
ADD COLUMN     "variantTitle" TEXT NOT NULL DEFAULT '';
UPDATE "OrderItem" SET "variantId" = 'v' || "productId";
ALTER TABLE "OrderItem" ALTER COLUMN "variantId" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ProductVariant_sku_key" ON "ProductVariant"("sku");

-- CreateIndex
CREATE INDEX "ProductVariant_productId_position_idx" ON "ProductVariant"("productId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ProductVariant_productId_option1_option2_key" ON "ProductVariant"("productId", "option1", "option2");

-- CreateIndex
CREATE UNIQUE INDEX "CartItem_cartId_variantId_key" ON "CartItem"("cartId", "variantId");

-- AddForeignKey
ALTER TABLE "ProductVariant" ADD CONSTRAINT "ProductVariant_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CartItem" ADD CONSTRAINT "CartItem_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "ProductVariant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "ProductVariant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
