import "server-only";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { clearCatalogCache } from "@/lib/catalog/cached";
import { changeVariantStock } from "@/lib/catalog/variants";
import { orderStatus, type OrderStatus } from "@/lib/orders/status";

export type ReleaseStock = {
  orderId: string;
  /** The statuses the caller expects the order to be in; any other leaves it untouched. */
  from: OrderStatus | readonly OrderStatus[];
  to: "EXPIRED" | "CANCELLED";
};

/**
 * Returns an order's reserved stock exactly once and moves it to a final state. The status +
 * stockReleased guard makes concurrent or repeated calls (a redelivered webhook, a cancel racing
 * an expiry) harmless. Given a transaction, it joins it (the caller commits the rest with it).
 */
export async function releaseStock(db: Db, { orderId, from, to }: ReleaseStock): Promise<boolean> {
  const move = orderStatus.move(from, to);
  // An order's lines never change after checkout, so they are read before the transaction, which
  // then holds the write lock (one writer at a time on SQLite) for the claim and the increments only.
  const items = await db.orderItem.findMany({ where: { orderId }, select: { variantId: true, quantity: true } });
  const released = await inTransaction(db, async (tx) => {
    const claimed = await tx.order.updateMany({
      where: { id: orderId, ...move.where, stockReleased: false },
      data: { ...move.data, stockReleased: true },
    });
    if (claimed.count !== 1) return false;
    for (const item of items) await changeVariantStock(tx, { variantId: item.variantId, delta: item.quantity });
    return true;
  });
  // The cache is short-lived anyway; clearing it now shows the stock back sooner.
  if (released) clearCatalogCache();
  return released;
}
