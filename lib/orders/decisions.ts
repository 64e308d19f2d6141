import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import { requireStepUp, type StepUpDeps } from "@/lib/admin/step-up";
import { appendAudit } from "@/lib/audit/log";
import { keyring } from "@/lib/auth/app-deps";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import { limits } from "@/lib/auth/limits";
import { releaseStock } from "@/lib/checkout/stock";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { capture } from "@/lib/payments/authorization";
import { orderEvents, type OrderEvents } from "@/lib/payments/order-events";
import { paymentStatus, reportedPaymentStatus, type PaymentStatus } from "@/lib/payments/status";
import { parseInput } from "@/lib/validation";
import { reasonFits, reasonLabel, reasonSchema, type DecisionReason } from "./decision-reasons";
import { sendOrderEmail } from "./emails";
import { orderStatus, type OrderStatus } from "./status";

// Staff decisions on held orders. Exactly one decision wins: each claims the order with a
// conditional status change (HELD → APPROVING / REJECTING) before it touches the provider, so a
// second reviewer, a double click or the expiry sweep finds the order no longer HELD and gets a
// conflict. A provider failure puts the order back to HELD with the provider's message. Every
// attempt, applied or failed, is recorded (OrderDecision) and audited in the same transaction as
// the status change it reports.

export const decisionSchema = z.object({
  orderId: z.string().trim().min(1, "Choose an order.").max(64, "Choose an order."),
  reason: reasonSchema,
  note: z.string().trim().min(1, "Write a note explaining the decision.").max(1000, "Keep the note under 1000 characters."),
  totpCode: z
    .string()
    .trim()
    .max(20, "Enter the 6-digit code from your authenticator app.")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type DecisionOptions = Partial<StepUpDeps> & {
  /** Orders above this total need a step-up code (default ADMIN_STEP_UP_CENTS). */
  stepUpCents?: number;
  events?: OrderEvents;
  /** Tells the customer their order was cancelled (default: the cancellation email). */
  notifyCancelled?: (db: Db, orderId: string) => Promise<void>;
  ip?: string;
  /**
   * The seam for block lists (lib/fraud/blocklist*, another change): called after a rejection is
   * applied, with the form's raw input so it can read its own fields (e.g. "block the card").
   * Runs outside the decision's transaction: the rejection stands if blocking fails.
   */
  afterReject?: (db: Db, rejected: { orderId: string; staffId: string; reason: DecisionReason; input: unknown }) => Promise<void>;
};

export type DecisionResult = { orderId: string; reference: string; status: Extract<OrderStatus, "PAID" | "CANCELLED"> };

export const ALREADY_DECIDED = "This order was already decided.";

type Kind = "APPROVE" | "REJECT";

async function emailCustomer(db: Db, orderId: string, kind: "confirmed" | "cancelled"): Promise<void> {
  try {
    await sendOrderEmail(db, orderId, kind);
  } catch (error) {
    // The decision stands; a lost email is logged, not a reason to undo it.
    console.error(`[mail] order ${orderId}: could not send the ${kind} email`, error instanceof Error ? error.message : "unknown");
  }
}

// An approved order's alerts were raised when it was held; only the confirmation goes out now.
const approvalEvents: OrderEvents = { ...orderEvents, paid: (db, orderId) => emailCustomer(db, orderId, "confirmed") };

async function prepare(db: Db, actor: Actor | null, kind: Kind, input: unknown, options: DecisionOptions) {
  const staff = requirePermission(actor, "orders.decide");
  const { orderId, note, totpCode, reason } = parseInput(decisionSchema, input);
  if (!reasonFits(kind, reason)) throw new AppError("VALIDATION", "Choose a reason that fits this decision.", { reason: `Choose a reason for ${kind === "APPROVE" ? "approving" : "rejecting"}.` });
  const order = await db.order.findUnique({ where: { id: orderId }, select: { id: true, reference: true, status: true, totalCents: true, paymentIntentId: true } });
  if (!order) throw new AppError("NOT_FOUND", "That order could not be found.");
  if (order.status !== ("HELD" satisfies OrderStatus)) throw new AppError("CONFLICT", ALREADY_DECIDED);
  if (!order.paymentIntentId) throw new AppError("CONFLICT", "This order has no authorized payment to decide on.");
  const threshold = options.stepUpCents ?? env().ADMIN_STEP_UP_CENTS;
  if (order.totalCents > threshold) {
    await requireStepUp(db, { keyring: options.keyring ?? keyring(), limits: options.limits ?? limits(), now: options.now ?? (() => new Date()) }, { actor: staff, code: totpCode });
  }
  return { staff, order: { ...order, paymentIntentId: order.paymentIntentId }, note, reason };
}

async function claim(db: Db, orderId: string, to: "APPROVING" | "REJECTING"): Promise<void> {
  const move = orderStatus.move("HELD", to);
  const { count } = await db.order.updateMany({ where: { id: orderId, ...move.where }, data: { ...move.data, decisionError: null } });
  if (count !== 1) throw new AppError("CONFLICT", ALREADY_DECIDED);
}

type Attempt = { staff: Actor; kind: Kind; order: { id: string; reference: string }; note: string; reason: DecisionReason; ip?: string };

/** The decision row and its audit entry; called inside the transaction that changes the status. */
async function record(tx: Db, { staff, kind, order, note, reason, ip }: Attempt, error: string | null): Promise<void> {
  const outcome = error ? "FAILED" : "APPLIED";
  await tx.orderDecision.create({ data: { orderId: order.id, decision: kind, reason, note, staffId: staff.id, outcome, error } });
  // A decided order needs no more attention: its alerts are resolved with the decision.
  if (!error) await tx.alert.updateMany({ where: { orderId: order.id, readAt: null }, data: { readAt: new Date(), readById: staff.id } });
  await appendAudit(tx, {
    actor: { id: staff.id, email: staff.email },
    action: `order.${kind.toLowerCase()}${error ? ".failed" : ""}`,
    target: `order:${order.id}`,
    detail: { reference: order.reference, reason, reasonLabel: reasonLabel(reason), note, ...(error ? { error } : {}) },
    ip,
  });
}

// The provider's own message is safe to show staff (it names the payment's state, never card
// data); anything else is logged and summarized.
function providerMessage(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return error.message.slice(0, 500);
  console.error("[decisions] unexpected error while applying a decision", error);
  return "The payment provider could not be reached. Try again in a moment.";
}

async function failed(db: Db, attempt: Attempt, { from, error }: { from: "APPROVING" | "REJECTING"; error: unknown }): Promise<never> {
  const message = providerMessage(error);
  const back = orderStatus.move(from, "HELD");
  await inTransaction(db, async (tx) => {
    await tx.order.updateMany({ where: { id: attempt.order.id, ...back.where }, data: { ...back.data, decisionError: message } });
    await record(tx, attempt, message);
  });
  throw new AppError("PAYMENT", `The payment provider refused: ${message} The order is still held.`);
}

/** Captures a held order's authorization (the order becomes PAID). */
export async function approveOrder(db: Db, stripe: Stripe, actor: Actor | null, input: unknown, options: DecisionOptions = {}): Promise<DecisionResult> {
  const { staff, order, note, reason } = await prepare(db, actor, "APPROVE", input, options);
  const attempt: Attempt = { staff, kind: "APPROVE", order, note, reason, ip: options.ip };
  await claim(db, order.id, "APPROVING");
  try {
    await capture(db, stripe, { orderId: order.id, paymentIntentId: order.paymentIntentId, from: "APPROVING", events: options.events ?? approvalEvents, alsoRecord: (tx) => record(tx, attempt, null) });
  } catch (error) {
    return failed(db, attempt, { from: "APPROVING", error });
  }
  return { orderId: order.id, reference: order.reference, status: "PAID" };
}

/** Cancels a held order's authorization, returns its stock and tells the customer. */
export async function rejectOrder(db: Db, stripe: Stripe, actor: Actor | null, input: unknown, options: DecisionOptions = {}): Promise<DecisionResult> {
  const { staff, order, note, reason } = await prepare(db, actor, "REJECT", input, options);
  const attempt: Attempt = { staff, kind: "REJECT", order, note, reason, ip: options.ip };
  await claim(db, order.id, "REJECTING");
  let released: PaymentStatus;
  try {
    const cancelled = await stripe.paymentIntents.cancel(order.paymentIntentId, {}, { idempotencyKey: `cancel-${order.id}` });
    released = reportedPaymentStatus(cancelled.status);
  } catch (error) {
    return failed(db, attempt, { from: "REJECTING", error });
  }
  const payment = paymentStatus.move(paymentStatus.allowedFrom(released), released);
  // The payment's new status, the order's (with its stock back), the decision and its audit
  // entry commit together.
  await inTransaction(db, async (tx) => {
    await tx.payment.updateMany({ where: { orderId: order.id, ...payment.where }, data: payment.data });
    if (await releaseStock(tx, { orderId: order.id, from: "REJECTING", to: "CANCELLED" })) await record(tx, attempt, null);
  });
  if (options.afterReject) {
    await options.afterReject(db, { orderId: order.id, staffId: staff.id, reason, input }).catch((error: unknown) => {
      console.error(`[decisions] order ${order.id}: rejected, but the after-reject step failed`, error instanceof Error ? error.message : "unknown");
    });
  }
  await (options.notifyCancelled ?? ((d, id) => emailCustomer(d, id, "cancelled")))(db, order.id);
  return { orderId: order.id, reference: order.reference, status: "CANCELLED" };
}
