import "server-only";
import type { Db } from "@/lib/db";

// A product is sold as one or more variants (docs/catalog.md): each has its own SKU, price and
// stock. The product's own priceCents and stock are derived (the lowest price, the sum of the
// stock) so that lists, search and its filters need no join; this file is the one place that
// writes a variant's stock or price, and it updates the product in the same statement group.

/** What a shopper reads for a variant: its option values, "M / Blue"; "" for a product without options. */
export function variantTitle(variant: { option1: string; option2: string }): string {
  return [variant.option1, variant.option2].filter((value) => value !== "").join(" / ");
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

/**
 * Recomputes a product's derived price and stock from its variants (after adding, editing or
 * removing one). The product row is written first: on PostgreSQL that takes its lock, so a
 * checkout reserving a variant of it at the same time (which also writes the product row) either
 * committed before the sums below are read or applies its relative change after them.
 */
export async function refreshProductTotals(tx: Db, productId: string): Promise<void> {
  await tx.product.update({ where: { id: productId }, data: { updatedAt: new Date() } });
  const totals = await tx.productVariant.aggregate({
    where: { productId },
    _min: { priceCents: true },
    _sum: { stock: true },
  });
  await tx.product.update({
    where: { id: productId },
    data: { priceCents: totals._min.priceCents ?? 0, stock: totals._sum.stock ?? 0 },
  });
}
