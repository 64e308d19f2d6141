// Test shortcuts for a product sold in one form (every product of the demo catalog): set its one
// variant's stock or price and the product's derived copy of it (lib/catalog/variants.ts) alike,
// as staff would through the admin. Tests of products with several variants write variants directly.
import type { Db } from "@/lib/db";

export async function setProductStockOrPrice(
  db: Db,
  where: { slug: string } | { id: string },
  data: { stock?: number; priceCents?: number },
): Promise<{ id: string; variantId: string }> {
  const product = await db.product.update({
    where,
    data,
    select: { id: true, variants: { select: { id: true } } },
  });
  if (product.variants.length !== 1) throw new Error("setProductStockOrPrice is for products with one variant");
  await db.productVariant.update({ where: { id: product.variants[0]!.id }, data });
  return { id: product.id, variantId: product.variants[0]!.id };
}
