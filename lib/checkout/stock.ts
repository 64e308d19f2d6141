import "server-only";
import type { Db } from "@/lib/db";
import { clearCatalogCache } from "@/lib/catalog/cached";
import { TRANSACTION_LIMITS } from "./transaction-limits";

/**
 * Returns an unpaid order's reserved stock exactly once and moves it to a final state.
 * The status + stockReleased guard makes concurrent or repeated calls (a redelivered webhook,
 * a cancel racing an expiry) harmless.
 */
export async function releaseStock(db: Db, orderId: string, status: "EXPIRED" | "CANCELLED", from: string[] = ["PENDING_PAYMENT"]): Promise<boolean> {
  // An order's lines never change after checkout, so they are read before the transaction, which
  // then holds the write lock (one writer at a time on SQLite) for the claim and the increments only.
  const items = await db.orderItem.findMany({ where: { orderId }, select: { productId: true, quantity: true } });
  const released = await db.$transaction(async (tx) => {
    const claimed = await tx.order.updateMany({ where: { id: orderId, status: { in: from }, stockReleased: false }, data: { status, stockReleased: true } });
    if (claimed.count !== 1) return false;
    for (const item of items) await tx.product.update({ where: { id: item.productId }, data: { stock: { increment: item.quantity } } });
    return true;
  }, TRANSACTION_LIMITS);
  if (released) clearCatalogCache();
  return released;
}
