import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { releaseStock } from "@/lib/checkout/stock";
import { isBlocked, recordBlockHit } from "@/lib/fraud/blocklist";
import { orderStatus, type OrderStatus } from "@/lib/orders/status";
import { cardFacts } from "./card-facts";
import { decidePayment } from "./capture-decision";
import { orderEvents, type OrderEvents } from "./order-events";
import { paymentStatus, reportedPaymentStatus } from "./status";
import { recordFailedCharges, recordIntentAttempt } from "./record-attempt";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "payments" });

const AUTHORIZATION_DAYS = 7;
// Evaluating and capturing takes a second or two; a claim older than this was left by an
// instance that died, and the provider's next retry takes it over. (Should a slow capture
// outlive it, the retry's capture reuses the same idempotency key and changes nothing.)
const STALE_CLAIM_MS = 10_000;
// A delivery that finds another delivery working on the same order waits this long for it
// (checking at growing intervals), well inside the provider's delivery timeout (10 s for the
// emulator). The claimant needs a second or two; waiting longer means it is stuck or died.
const CLAIM_WAIT_MS = 6_000;
const CLAIM_POLL_MS = [25, 50, 100, 200, 400] as const;

/** Another delivery held the order for longer than CLAIM_WAIT_MS: answer 5xx so the provider retries. */
class ClaimInProgressError extends Error {
  override name = "ClaimInProgressError";
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const CLAIM = orderStatus.move(["PENDING_PAYMENT", "AUTHORIZING"], "AUTHORIZING");

/**
 * Claims the order for this delivery (PENDING_PAYMENT → AUTHORIZING, or a stale AUTHORIZING).
 * When another delivery holds it, waits until that one finishes: true once this delivery holds
 * the claim (the other gave it back after a failure), false when the other one settled the order.
 */
async function claimOrWait(db: Db, orderId: string): Promise<boolean> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    const claimed = await db.order.updateMany({
      where: {
        id: orderId,
        ...CLAIM.where,
        OR: [
          { status: "PENDING_PAYMENT" },
          { status: "AUTHORIZING", updatedAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } },
        ],
      },
      data: CLAIM.data,
    });
    if (claimed.count === 1) return true;
    const now = await db.order.findUnique({ where: { id: orderId }, select: { status: true } });
    if (now?.status !== "AUTHORIZING" && now?.status !== "PENDING_PAYMENT") return false;
    if (Date.now() >= deadline)
      throw new ClaimInProgressError(
        `order ${orderId} is still being authorized by another delivery after ${CLAIM_WAIT_MS} ms`,
      );
    await pause(CLAIM_POLL_MS[Math.min(attempt, CLAIM_POLL_MS.length - 1)]!);
  }
}

export type AuthorizationOutcome =
  "captured" | "held" | "blocked" | "already-handled" | "rejected-mismatch" | "not-authorized" | "unknown-order";

/**
 * Handles "the payment for this order is authorized", from whichever event says so first
 * (checkout.session.completed or payment_intent.amount_capturable_updated). Idempotent: the
 * status guards and the capture's idempotency key make a redelivery or a concurrent duplicate
 * change nothing.
 */
export async function handleAuthorized(
  db: Db,
  stripe: Stripe,
  orderId: string,
  paymentIntentId: string,
  events: OrderEvents = orderEvents,
): Promise<AuthorizationOutcome> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: { id: true, status: true, totalCents: true, currency: true, cartId: true, createdAt: true },
  });
  if (!order) {
    log.warn({ orderId }, "webhook for an unknown order");
    return "unknown-order";
  }
  if (!orderStatus.can(order.status, "AUTHORIZING")) return "already-handled";

  const pi = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["payment_method", "latest_charge"] });
  if (pi.metadata?.orderId !== order.id || pi.amount !== order.totalCents || pi.currency !== order.currency) {
    log.warn(
      { orderId, paymentIntentId, amount: pi.amount, expected: order.totalCents, currency: pi.currency },
      "payment does not match its order; nothing changed",
    );
    await events.mismatch(db, {
      orderId,
      paymentIntentId,
      amount: pi.amount,
      currency: pi.currency,
      expectedAmount: order.totalCents,
      expectedCurrency: order.currency,
    });
    return "rejected-mismatch";
  }
  await recordIntentAttempt(db, order.id, pi);
  if (pi.status !== "requires_capture" && pi.status !== "succeeded") return "not-authorized";
  // Every card refused on this PaymentIntent is history before the rules look at it.
  await recordFailedCharges(db, stripe, order.id, pi.id);

  // Several events announce the same authorization, often at the same moment: one delivery
  // claims the order and runs the rules; the others wait for it and then answer 2xx, having
  // nothing left to do, or take over if it gave the claim back. Only a claimant that outlives
  // the wait (stuck, or its instance died) makes this delivery answer 5xx; the provider's retry
  // then takes over the claim once it is stale.
  if (!(await claimOrWait(db, orderId))) return "already-handled";

  try {
    const facts = cardFacts(pi);
    const captureBefore = facts.captureBefore ?? new Date(order.createdAt.getTime() + AUTHORIZATION_DAYS * 86_400_000);
    const { captureBefore: _ignored, ...stored } = facts;
    await db.payment.upsert({
      where: { orderId },
      create: {
        orderId,
        paymentIntentId: pi.id,
        status: reportedPaymentStatus(pi.status),
        amountAuthorized: pi.amount,
        ...stored,
      },
      update: { status: reportedPaymentStatus(pi.status), ...stored },
    });
    await db.order.update({ where: { id: orderId }, data: { paymentIntentId: pi.id, captureBefore } });
    // A card on the block list: the authorization is canceled and the stock returned; the
    // shopper's order page says only that the payment could not be accepted.
    const blocked = facts.cardFingerprint ? await isBlocked(db, { cardFingerprint: facts.cardFingerprint }) : null;
    if (blocked) {
      const cancelled = await stripe.paymentIntents.cancel(pi.id, {}, { idempotencyKey: `cancel-${orderId}` });
      const payment = paymentStatus.move(
        paymentStatus.allowedFrom(reportedPaymentStatus(cancelled.status)),
        reportedPaymentStatus(cancelled.status),
      );
      await db.payment.updateMany({ where: { orderId, ...payment.where }, data: payment.data });
      if (await releaseStock(db, { orderId, from: "AUTHORIZING", to: "CANCELLED" }))
        await recordBlockHit(db, blocked, { where: "authorization", orderId });
      return "blocked";
    }
    // The payment went through: the shopper's cart has done its job.
    if (order.cartId) await db.cartItem.deleteMany({ where: { cartId: order.cartId } });

    const decision = await decidePayment(db, orderId);
    if (decision.action === "hold") {
      const hold = orderStatus.move("AUTHORIZING", "HELD");
      const held = await db.order.updateMany({
        where: { id: orderId, ...hold.where },
        data: { ...hold.data, heldAt: new Date() },
      });
      if (held.count === 1) {
        log.info({ orderId, paymentIntentId: pi.id }, "held for review: authorized, not captured");
        await events.held(db, orderId);
      }
      return "held";
    }
    return await capture(db, stripe, { orderId, paymentIntentId: pi.id, from: "AUTHORIZING", events });
  } catch (error) {
    // Let the provider's retry start over rather than wait for the claim to go stale.
    const release = orderStatus.move("AUTHORIZING", "PENDING_PAYMENT");
    await db.order.updateMany({ where: { id: orderId, ...release.where }, data: release.data });
    throw error;
  }
}

export type Capture = {
  orderId: string;
  paymentIntentId: string;
  /** The statuses the order must be in to become PAID: no default, every caller names its own. */
  from: OrderStatus | readonly OrderStatus[];
  events?: OrderEvents;
  /** Written in the same transaction as PAID (a staff decision's record and audit entry). */
  alsoRecord?: (tx: Db) => Promise<void>;
};

/** Captures an authorized payment once (the idempotency key is per order) and marks it PAID. */
export async function capture(
  db: Db,
  stripe: Stripe,
  { orderId, paymentIntentId, from, events = orderEvents, alsoRecord }: Capture,
): Promise<"captured" | "already-handled"> {
  const pay = orderStatus.move(from, "PAID");
  const captured = await stripe.paymentIntents.capture(paymentIntentId, {}, { idempotencyKey: `capture-${orderId}` });
  const settled = reportedPaymentStatus(captured.status);
  const paid = await inTransaction(db, async (tx) => {
    const moved = await tx.order.updateMany({
      where: { id: orderId, ...pay.where },
      data: { ...pay.data, paidAt: new Date() },
    });
    await tx.payment.updateMany({
      where: { orderId, status: { in: paymentStatus.allowedFrom(settled) } },
      data: { status: settled, amountCaptured: captured.amount_received },
    });
    if (moved.count === 1) await alsoRecord?.(tx);
    return moved;
  });
  if (paid.count !== 1) return "already-handled";
  log.info(
    { orderId, paymentIntentId, amountCaptured: captured.amount_received, currency: captured.currency },
    "payment captured",
  );
  await events.paid(db, orderId);
  return "captured";
}
