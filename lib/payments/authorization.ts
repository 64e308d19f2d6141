import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { cardFacts } from "./card-facts";
import { decidePayment } from "./decision";
import { orderEvents, type OrderEvents } from "./order-events";
import { recordIntentAttempt } from "./record-attempt";

const AUTHORIZATION_DAYS = 7;
// Evaluating and capturing takes a second or two; a claim older than this was left by an
// instance that died, and the provider's next retry takes it over. (Should a slow capture
// outlive it, the retry's capture reuses the same idempotency key and changes nothing.)
const STALE_CLAIM_MS = 10_000;

/** Another delivery is working on this order right now: answer 5xx so the provider retries. */
export class ClaimInProgressError extends Error {
  override name = "ClaimInProgressError";
}

export type AuthorizationOutcome = "captured" | "held" | "already-handled" | "rejected-mismatch" | "not-authorized" | "unknown-order";

/**
 * Handles "the payment for this order is authorized", from whichever event says so first
 * (checkout.session.completed or payment_intent.amount_capturable_updated). Idempotent: the
 * status guards and the capture's idempotency key make a redelivery or a concurrent duplicate
 * change nothing.
 */
export async function handleAuthorized(db: Db, stripe: Stripe, orderId: string, paymentIntentId: string, events: OrderEvents = orderEvents): Promise<AuthorizationOutcome> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { id: true, status: true, totalCents: true, currency: true, cartId: true, createdAt: true } });
  if (!order) {
    console.warn("webhook for an unknown order", { orderId });
    return "unknown-order";
  }
  if (order.status !== "PENDING_PAYMENT" && order.status !== "AUTHORIZING") return "already-handled";

  const pi = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["payment_method", "latest_charge"] });
  if (pi.metadata?.orderId !== order.id || pi.amount !== order.totalCents || pi.currency !== order.currency) {
    console.warn("payment does not match its order; nothing changed", { orderId, paymentIntentId, amount: pi.amount, expected: order.totalCents, currency: pi.currency });
    await events.mismatch(db, { orderId, paymentIntentId, amount: pi.amount, currency: pi.currency, expectedAmount: order.totalCents, expectedCurrency: order.currency });
    return "rejected-mismatch";
  }
  await recordIntentAttempt(db, order.id, pi);
  if (pi.status !== "requires_capture" && pi.status !== "succeeded") return "not-authorized";

  // Several events announce the same authorization, often at the same moment: one delivery
  // claims the order and runs the rules; the others are told to retry (5xx) until the claimant
  // finishes. A claim left behind by a crashed instance goes stale and a retry takes it over.
  const claimed = await db.order.updateMany({
    where: { id: orderId, OR: [{ status: "PENDING_PAYMENT" }, { status: "AUTHORIZING", updatedAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } }] },
    data: { status: "AUTHORIZING" },
  });
  if (claimed.count !== 1) {
    const now = await db.order.findUnique({ where: { id: orderId }, select: { status: true } });
    // Answering 200 here would let the provider stop retrying while the claimant might yet die.
    if (now?.status === "AUTHORIZING") throw new ClaimInProgressError(`order ${orderId} is being authorized by another delivery`);
    return "already-handled";
  }

  try {
    const facts = cardFacts(pi);
    const captureBefore = facts.captureBefore ?? new Date(order.createdAt.getTime() + AUTHORIZATION_DAYS * 86_400_000);
    const { captureBefore: _ignored, ...stored } = facts;
    await db.payment.upsert({
      where: { orderId },
      create: { orderId, paymentIntentId: pi.id, status: pi.status, amountAuthorized: pi.amount, ...stored },
      update: { status: pi.status, ...stored },
    });
    await db.order.update({ where: { id: orderId }, data: { paymentIntentId: pi.id, captureBefore } });
    // The payment went through: the shopper's cart has done its job.
    if (order.cartId) await db.cartItem.deleteMany({ where: { cartId: order.cartId } });

    const decision = await decidePayment(db, orderId);
    if (decision.action === "hold") {
      const held = await db.order.updateMany({ where: { id: orderId, status: "AUTHORIZING" }, data: { status: "HELD", heldAt: new Date() } });
      if (held.count === 1) await events.held(db, orderId);
      return "held";
    }
    return await capture(db, stripe, orderId, pi.id, events, ["AUTHORIZING"]);
  } catch (error) {
    // Let the provider's retry start over rather than wait for the claim to go stale.
    await db.order.updateMany({ where: { id: orderId, status: "AUTHORIZING" }, data: { status: "PENDING_PAYMENT" } });
    throw error;
  }
}

/** Captures an authorized payment once (the idempotency key is per order) and marks it PAID. */
export async function capture(db: Db, stripe: Stripe, orderId: string, paymentIntentId: string, events: OrderEvents = orderEvents, from: string[] = ["PENDING_PAYMENT"]): Promise<"captured" | "already-handled"> {
  const captured = await stripe.paymentIntents.capture(paymentIntentId, {}, { idempotencyKey: `capture-${orderId}` });
  const paid = await db.order.updateMany({ where: { id: orderId, status: { in: from } }, data: { status: "PAID", paidAt: new Date() } });
  await db.payment.update({ where: { orderId }, data: { status: captured.status, amountCaptured: captured.amount_received } });
  if (paid.count !== 1) return "already-handled";
  await events.paid(db, orderId);
  return "captured";
}
