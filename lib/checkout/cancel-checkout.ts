import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { orderStatus } from "@/lib/orders/status";
import { releaseStock } from "./stock";

/**
 * The shopper gave up on the payment page: expire the provider's session (so it can no longer
 * be paid) and return the reserved stock. Safe to repeat; does nothing to an order that was paid.
 * True when this call cancelled the checkout.
 */
export async function cancelCheckout(db: Db, stripe: Stripe, orderId: string): Promise<boolean> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { status: true, checkoutSessionId: true },
  });
  if (!order || !orderStatus.can(order.status, "EXPIRED")) return false;
  let expiredHere = false;
  if (order.checkoutSessionId) {
    const session = await stripe.checkout.sessions.retrieve(order.checkoutSessionId);
    // A session that completed meanwhile is the webhook's to handle, never ours to cancel.
    if (session.status === "complete") return false;
    if (session.status === "open") {
      await stripe.checkout.sessions.expire(order.checkoutSessionId);
      expiredHere = true;
    }
  }
  if (await releaseStock(db, { orderId, from: "PENDING_PAYMENT", to: "EXPIRED" })) return true;
  // Expiring the session sends checkout.session.expired, whose handler releases the same stock
  // (once: the release is a conditional move); when it got there first, this call still cancelled.
  if (!expiredHere) return false;
  const now = await db.order.findUnique({ where: { id: orderId }, select: { status: true } });
  return now?.status === "EXPIRED";
}
