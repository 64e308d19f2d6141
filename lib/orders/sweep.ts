import "server-only";
import Stripe from "stripe";
import { raiseAlert, type AlertDeps } from "@/lib/alerts";
import { appendAudit } from "@/lib/audit/log";
import { releaseStock } from "@/lib/checkout/stock";
import type { Db } from "@/lib/db";
import { paymentStatus } from "@/lib/payments/status";
import { cancelWaitingProposals } from "./dual-control";
import { sendOrderEmail } from "./emails";
import type { OrderStatus } from "./status";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "sweep" });

// Card authorizations lapse (7 days on Stripe) if nobody captures them. A held order whose
// authorization is about to lapse is escalated to staff once, a day before; one whose deadline
// has passed is cancelled: the authorization released, the stock returned, the customer told.
// Every step is guarded by a conditional update, so overlapping sweeps (two instances, cron and
// the in-server scheduler) and a sweep racing a staff decision each act once.

const WARN_BEFORE_MS = 24 * 60 * 60_000;
const BATCH = 200;
const HELD: OrderStatus = "HELD";

export type SweepDeps = {
  alerts?: AlertDeps;
  /** Tells the customer the order was cancelled (default: the "cancelled" order email). */
  notifyCancelled?: (db: Db, orderId: string) => Promise<void>;
};

export type SweepResult = { warned: number; expired: number; cancelFailed: number; errors: number };

export async function sweepAuthorizations(
  db: Db,
  stripe: Stripe,
  now: Date = new Date(),
  deps: SweepDeps = {},
): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, expired: 0, cancelFailed: 0, errors: 0 };

  const expiring = await db.order.findMany({
    where: {
      status: HELD,
      expiryWarnedAt: null,
      captureBefore: { gt: now, lte: new Date(now.getTime() + WARN_BEFORE_MS) },
    },
    orderBy: { captureBefore: "asc" },
    take: BATCH,
    select: { id: true, reference: true, captureBefore: true, totalCents: true, currency: true },
  });
  for (const order of expiring) {
    try {
      if (await warn(db, order, now, deps)) result.warned++;
    } catch (error) {
      result.errors++;
      log.error({ orderId: order.id, err: error }, "could not warn about the expiring authorization");
    }
  }

  const lapsed = await db.order.findMany({
    where: { status: HELD, captureBefore: { lte: now } },
    orderBy: { captureBefore: "asc" },
    take: BATCH,
    select: { id: true, reference: true, captureBefore: true, paymentIntentId: true, totalCents: true, currency: true },
  });
  for (const order of lapsed) {
    try {
      const outcome = await expire(db, stripe, order, deps);
      if (outcome === "skipped") continue;
      result.expired++;
      if (outcome === "cancel-failed") result.cancelFailed++;
    } catch (error) {
      result.errors++;
      log.error({ orderId: order.id, err: error }, "could not expire the lapsed authorization");
    }
  }
  return result;
}

type SweptOrder = { id: string; reference: string; captureBefore: Date | null; totalCents: number; currency: string };

async function warn(db: Db, order: SweptOrder, now: Date, deps: SweepDeps): Promise<boolean> {
  const claimed = await db.order.updateMany({
    where: { id: order.id, status: HELD, expiryWarnedAt: null },
    data: { expiryWarnedAt: now },
  });
  if (claimed.count !== 1) return false;
  const hours = order.captureBefore
    ? Math.max(0, Math.round((order.captureBefore.getTime() - now.getTime()) / 3_600_000))
    : 0;
  await raiseAlert(
    db,
    {
      kind: "AUTHORIZATION_EXPIRING",
      orderId: order.id,
      message: `Order ${order.reference} is still held and its card authorization lapses in about ${hours} h. Approve or reject it before then, or it will be cancelled.`,
      evidence: {
        reference: order.reference,
        captureBefore: order.captureBefore?.toISOString() ?? null,
        totalCents: order.totalCents,
        currency: order.currency,
      },
    },
    deps.alerts,
  );
  return true;
}

async function expire(
  db: Db,
  stripe: Stripe,
  order: SweptOrder & { paymentIntentId: string | null },
  deps: SweepDeps,
): Promise<"expired" | "cancel-failed" | "skipped"> {
  // Claim first: moving HELD → CANCELLED (and restocking) in one guarded transaction means a
  // staff approval that got there first (HELD → APPROVING) wins, and we never cancel an
  // authorization someone is capturing. The authorization is past its deadline anyway.
  if (!(await releaseStock(db, { orderId: order.id, from: "HELD", to: "CANCELLED" }))) return "skipped";

  const error = order.paymentIntentId ? await cancelAuthorization(stripe, order.id, order.paymentIntentId) : null;
  const released = paymentStatus.move(paymentStatus.allowedFrom("canceled"), "canceled");
  if (!error && order.paymentIntentId)
    await db.payment.updateMany({ where: { orderId: order.id, ...released.where }, data: released.data });
  const outcome = error ? "FAILED" : "APPLIED";
  await db.orderDecision.create({
    data: {
      orderId: order.id,
      decision: "EXPIRE",
      note: "Authorization lapsed before a decision",
      staffId: null,
      outcome,
      error,
    },
  });
  // An approval proposal still waiting for its second staff member has nothing left to approve.
  await cancelWaitingProposals(db, order.id, "APPROVE");
  await raiseAlert(
    db,
    {
      kind: "AUTHORIZATION_EXPIRED",
      orderId: order.id,
      message: `Order ${order.reference} was never approved or rejected and its card authorization lapsed: the order is cancelled and its stock released.${error ? ` Cancelling the authorization failed: ${error}` : ""}`,
      evidence: {
        reference: order.reference,
        captureBefore: order.captureBefore?.toISOString() ?? null,
        totalCents: order.totalCents,
        currency: order.currency,
        cancel: error ? `failed: ${error}` : "released",
      },
    },
    deps.alerts,
  );
  try {
    await (deps.notifyCancelled ?? ((d, id) => sendOrderEmail(d, id, "cancelled")))(db, order.id);
  } catch (e) {
    log.error({ orderId: order.id, err: errorKind(e) }, "could not send the cancelled email");
  }
  await appendAudit(db, {
    actor: null,
    action: "order.expired",
    target: `order:${order.id}`,
    detail: {
      reference: order.reference,
      captureBefore: order.captureBefore?.toISOString() ?? null,
      outcome,
      ...(error ? { error } : {}),
    },
  });
  return error ? "cancel-failed" : "expired";
}

/** null once the PaymentIntent is canceled (by us now, or already); otherwise the provider's reason. */
async function cancelAuthorization(stripe: Stripe, orderId: string, paymentIntentId: string): Promise<string | null> {
  try {
    await stripe.paymentIntents.cancel(paymentIntentId, {}, { idempotencyKey: `cancel-${orderId}` });
    return null;
  } catch (error) {
    // Stripe cancels a lapsed authorization itself; "already canceled" is the outcome we want.
    try {
      const pi = await stripe.paymentIntents.retrieve(paymentIntentId);
      if (pi.status === "canceled") return null;
    } catch {
      // Fall through to the original error.
    }
    if (error instanceof Stripe.errors.StripeError) return error.message.slice(0, 300);
    log.error({ orderId, err: error }, "unexpected error cancelling the authorization");
    return "The payment provider could not be reached.";
  }
}
