import "server-only";
import Stripe from "stripe";
import { appendAudit } from "@/lib/audit/log";
import { CHECKOUT_SESSION_MINUTES } from "@/lib/checkout/start-checkout";
import { releaseStock } from "@/lib/checkout/stock";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "sweep" });

// Orders waiting for payment hold their stock. Normally the provider's checkout.session.expired
// webhook gives it back; this pass catches what that misses:
// - an instance died after creating the order but before the Checkout Session existed: no
//   session will ever expire, so nothing else would return the stock;
// - an instance died after creating the session but before saving its id: the shopper never got
//   the payment page, yet the stock stayed held until the session expired;
// - a session past its expiry whose webhook never arrived or never applied.
// Before giving an order up it asks the provider: a completed session is left to the payment
// webhook (a payment made at the last second is never lost), an open one is expired there first
// so nobody can pay an order whose stock was returned. releaseStock's guarded claim makes a sweep
// racing another sweep, a webhook or a shopper's cancel act once.

/**
 * How long an order may wait for its session id before the sweep looks for it. Longer than the
 * slowest session creation (the SDK's 20 s timeout, tried three times), so a live instance is
 * never overtaken: and startCheckout saves the id only while the order still waits, expiring a
 * session it created too late.
 */
export const SESSIONLESS_GRACE_MS = 5 * 60_000;
// Provider clocks drift from ours; the session search window allows for it on both sides.
const CLOCK_SKEW_S = 5 * 60;
const SEARCH_LIMIT = 500;
const BATCH = 200;

export type PendingCheckoutResult = { expired: number; awaitingWebhook: number; errors: number };

type PendingOrder = {
  id: string;
  reference: string;
  createdAt: Date;
  checkoutSessionId: string | null;
  checkoutExpiresAt: Date | null;
};

type Outcome = "expired" | "awaiting-webhook" | "skipped";

export async function reconcilePendingCheckouts(
  db: Db,
  stripe: Stripe,
  now: Date = new Date(),
): Promise<PendingCheckoutResult> {
  const result: PendingCheckoutResult = { expired: 0, awaitingWebhook: 0, errors: 0 };
  const due = await db.order.findMany({
    where: {
      status: "PENDING_PAYMENT",
      OR: [
        { checkoutSessionId: null, createdAt: { lte: new Date(now.getTime() - SESSIONLESS_GRACE_MS) } },
        { checkoutExpiresAt: { lte: now } },
        // Orders from before the expiry was stored: their sessions lasted CHECKOUT_SESSION_MINUTES.
        { checkoutExpiresAt: null, createdAt: { lte: new Date(now.getTime() - CHECKOUT_SESSION_MINUTES * 60_000) } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: { id: true, reference: true, createdAt: true, checkoutSessionId: true, checkoutExpiresAt: true },
  });
  for (const order of due) {
    try {
      const outcome = await reconcile(db, stripe, order);
      if (outcome === "expired") result.expired++;
      if (outcome === "awaiting-webhook") result.awaitingWebhook++;
    } catch (error) {
      result.errors++;
      log.error({ orderId: order.id, err: error }, "could not reconcile the pending checkout");
    }
  }
  return result;
}

async function reconcile(db: Db, stripe: Stripe, order: PendingOrder): Promise<Outcome> {
  let sessionId = order.checkoutSessionId;
  if (!sessionId) {
    sessionId = await findSession(stripe, order);
    // Adopted, so the payment webhook and the order page find it like any other.
    if (sessionId)
      await db.order.updateMany({
        where: { id: order.id, checkoutSessionId: null },
        data: { checkoutSessionId: sessionId },
      });
  }
  let sessionState: "none" | "expired" | "complete" = "none";
  if (sessionId) {
    sessionState = await closeSession(stripe, sessionId);
    if (sessionState === "complete") {
      log.warn({ orderId: order.id }, "its Checkout Session completed; leaving it to the payment webhook");
      return "awaiting-webhook";
    }
  }
  // The stock comes back and the expiry is audited in one transaction.
  const expired = await inTransaction(db, async (tx) => {
    if (!(await releaseStock(tx, { orderId: order.id, from: "PENDING_PAYMENT", to: "EXPIRED" }))) return false;
    await appendAudit(tx, {
      actor: null,
      action: "order.checkout-expired",
      target: `order:${order.id}`,
      detail: {
        reference: order.reference,
        reason: order.checkoutSessionId ? "session-expired" : sessionId ? "session-id-not-saved" : "no-session",
        checkoutSessionId: sessionId,
        session: sessionState,
        checkoutExpiresAt: order.checkoutExpiresAt?.toISOString() ?? null,
      },
    });
    return true;
  });
  if (!expired) return "skipped";
  return "expired";
}

/**
 * Makes sure the session can no longer be paid and says how it ended: "expired" (by us now or
 * before) or "complete" (paid: the order is the webhook's).
 */
async function closeSession(stripe: Stripe, sessionId: string): Promise<"expired" | "complete"> {
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  if (session.status === "complete") return "complete";
  if (session.status === "expired") return "expired";
  try {
    await stripe.checkout.sessions.expire(sessionId);
    return "expired";
  } catch (error) {
    // Only an open session can be expired: it may have completed between the two calls.
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    const again = await stripe.checkout.sessions.retrieve(sessionId);
    if (again.status === "open") throw error;
    return again.status === "complete" ? "complete" : "expired";
  }
}

/** The session an instance created for this order but died before saving, if there is one. */
async function findSession(stripe: Stripe, order: PendingOrder): Promise<string | null> {
  const from = Math.floor(order.createdAt.getTime() / 1000) - CLOCK_SKEW_S;
  const to = Math.floor(order.createdAt.getTime() / 1000) + Math.ceil(SESSIONLESS_GRACE_MS / 1000) + CLOCK_SKEW_S;
  let seen = 0;
  for await (const session of stripe.checkout.sessions.list({ created: { gte: from, lte: to }, limit: 100 })) {
    if (session.metadata?.orderId === order.id || session.client_reference_id === order.id) return session.id;
    if (++seen >= SEARCH_LIMIT) {
      // Refuse to guess: an unseen session might still be payable.
      throw new Error(`more than ${SEARCH_LIMIT} Checkout Sessions around the order's creation; looked no further`);
    }
  }
  return null;
}
