import "server-only";
import type { Db } from "@/lib/db";

// A product is sold as one or more variants (docs/catalog.md): each has its own SKU, price and
// stock. The product's own priceCents and stock are derived (the lowest price, the sum of the
// stock) so that lists, search and its filters need no join. A variant's stock changes only through
// changeVariantStock below, which moves the product's total by the same amount in the same
// transaction. Until staff can manage variants, every product has one, whose SKU and price
// updateProduct (./admin.ts) keeps equal to the product's.

/** What a shopper reads for a variant: its option values, "M / Blue"; "" for a product without options. */
export function variantTitle(variant: { option1: string; option2: string }): string {
  return [variant.option1, variant.option2].filter((value) => value !== "").join(" / ");
}

/** A variant as a line reads: "Merino Crew Sweater (M)", or the bare name for a product without options. */
export function variantLabel(productName: string, variant: { option1: string; option2: string }): string {
  const title = variantTitle(variant);
  return title ? `${productName} (${title})` : productName;
}

/** The product's option names that are in use, in order ("Size", "Colour"). */
export function optionNames(product: { option1Name: string; option2Name: string }): string[] {
  return [product.option1Name, product.option2Name].filter((name) => name !== "");
}

type StockChange = {
  variantId: string;
  /** Units added (positive) or taken (negative). */
  delta: number;
  /**
   * A removal applies only where that many units remain at the moment of the update (no read
   * before it), and a reservation only while the product is on sale. Returns are unconditional.
   */
  reserve?: boolean;
};

/**
 * Changes a variant's stock relative to its current value and the product's total by the same
 * amount. Call it inside the transaction of the change it belongs to. Returns false, changing
 * nothing, when a conditional removal finds too few units (or, for a reservation, the product
 * off sale).
 */
export async function changeVariantStock(tx: Db, { variantId, delta, reserve = false }: StockChange): Promise<boolean> {
  const enough = delta < 0 ? { stock: { gte: -delta } } : {};
  const onSale = reserve ? { product: { active: true } } : {};
  const changed = await tx.productVariant.updateMany({
    where: { id: variantId, ...enough, ...onSale },
    data: { stock: { increment: delta } },
  });
  if (changed.count !== 1) return false;
  const { productId } = await tx.productVariant.findUniqueOrThrow({
    where: { id: variantId },
    select: { productId: true },
  });
  // Relative, like the variant's: concurrent changes to two variants of one product both count.
  await tx.product.update({ where: { id: productId }, data: { stock: { increment: delta } } });
  return true;
}
