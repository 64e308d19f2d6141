import "server-only";
import type Stripe from "stripe";
import type { AlertDeps } from "@/lib/alerts";
import type { Db } from "@/lib/db";
import { releaseStock } from "@/lib/checkout/stock";
import { handleAuthorized } from "./authorization";
import { applyDispute } from "./disputes";
import { applyEarlyFraudWarning } from "./early-fraud-warnings";
import { orderEvents, type OrderEvents } from "./order-events";
import { declinedAttempt, recordAttempt, recordIntentAttempt } from "./record-attempt";
import { applyChargeRefunded, applyRefundUpdate, notifyRefunded, type RefundNotifier } from "./refunds";

type Handler = (ctx: { db: Db; stripe: Stripe; events: OrderEvents }, event: Stripe.Event) => Promise<string>;

const orderIdOf = (metadata: Stripe.Metadata | null | undefined) => metadata?.orderId ?? null;
const idOf = (v: string | { id: string } | null) => (v == null ? null : typeof v === "string" ? v : v.id);

// Tests (and forks) may pass, next to the order events, a `refunded` notifier (default: the
// customer's email) and the alert channels for disputes (default: the configured ones).
type RefundAndDisputeHooks = { refunded?: RefundNotifier; alertDeps?: AlertDeps };
const hooks = (events: OrderEvents) => events as OrderEvents & RefundAndDisputeHooks;
const refundNotifier = (events: OrderEvents): RefundNotifier => hooks(events).refunded ?? notifyRefunded;

// One handler per event type; anything else is acknowledged and ignored (an allowlist).
export const handlers: Record<string, Handler> = {
  "checkout.session.completed": async ({ db, stripe, events }, event) => {
    const session = event.data.object as Stripe.Checkout.Session;
    const orderId = orderIdOf(session.metadata) ?? session.client_reference_id;
    const pi = idOf(session.payment_intent);
    if (!orderId || !pi) return "ignored: no order or payment";
    return handleAuthorized(db, stripe, orderId, pi, events);
  },
  "payment_intent.amount_capturable_updated": async ({ db, stripe, events }, event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    const orderId = orderIdOf(pi.metadata);
    return orderId ? handleAuthorized(db, stripe, orderId, pi.id, events) : "ignored: no order";
  },
  "payment_intent.succeeded": async ({ db, stripe, events }, event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    const orderId = orderIdOf(pi.metadata);
    return orderId ? handleAuthorized(db, stripe, orderId, pi.id, events) : "ignored: no order";
  },
  "payment_intent.payment_failed": async ({ db }, event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    const orderId = orderIdOf(pi.metadata);
    const attempt = declinedAttempt(pi, event.created);
    if (!orderId || !attempt) return "ignored: no order or no error";
    // The order is untouched (the session stays open for another card), but the declined card
    // is history the fraud rules and staff see.
    const recorded = await recordAttempt(db, orderId, attempt);
    return `${attempt.outcome.toLowerCase()} (${recorded}): ${attempt.declineCode ?? attempt.errorCode ?? "unknown"}`;
  },
  "payment_intent.canceled": async ({ db, stripe }, event) => {
    const pi = event.data.object as Stripe.PaymentIntent;
    const orderId = orderIdOf(pi.metadata);
    if (!orderId) return "ignored: no order";
    // The event's snapshot names the card only by id: read the card facts from the provider.
    const current = await stripe.paymentIntents.retrieve(pi.id, { expand: ["payment_method", "latest_charge"] });
    await recordIntentAttempt(db, orderId, current);
    return (await releaseStock(db, { orderId, from: "PENDING_PAYMENT", to: "CANCELLED" }))
      ? "cancelled"
      : "already-handled";
  },
  "checkout.session.expired": async ({ db }, event) => {
    const session = event.data.object as Stripe.Checkout.Session;
    const orderId = orderIdOf(session.metadata) ?? session.client_reference_id;
    if (!orderId) return "ignored: no order";
    return (await releaseStock(db, { orderId, from: "PENDING_PAYMENT", to: "EXPIRED" }))
      ? "expired"
      : "already-handled";
  },
  // Refunds: the Refund row (and the stock, and the customer's email) follow the refund itself;
  // the charge's running total also catches refunds made in Stripe's own dashboard.
  "refund.created": async ({ db, events }, event) =>
    applyRefundUpdate(db, event.data.object as Stripe.Refund, refundNotifier(events)),
  "refund.updated": async ({ db, events }, event) =>
    applyRefundUpdate(db, event.data.object as Stripe.Refund, refundNotifier(events)),
  "charge.refunded": async ({ db }, event) => applyChargeRefunded(db, event.data.object as Stripe.Charge),
  // Disputes: any of the three may arrive first; applyDispute is idempotent and order-tolerant.
  "charge.dispute.created": async ({ db, events }, event) =>
    applyDispute(db, event.data.object as Stripe.Dispute, hooks(events).alertDeps),
  "charge.dispute.updated": async ({ db, events }, event) =>
    applyDispute(db, event.data.object as Stripe.Dispute, hooks(events).alertDeps),
  "charge.dispute.closed": async ({ db, events }, event) =>
    applyDispute(db, event.data.object as Stripe.Dispute, hooks(events).alertDeps),
  // The card issuer reported a charge as fraud: flag the order and alert staff (refund and block in one step).
  "radar.early_fraud_warning.created": async ({ db, events }, event) =>
    applyEarlyFraudWarning(db, event.data.object as Stripe.Radar.EarlyFraudWarning, hooks(events).alertDeps),
};

export type WebhookResult = { status: "processed" | "duplicate" | "ignored"; detail: string };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * Applies a verified event once. The event id is recorded only after its handler succeeds, so a
 * failed attempt is retried by the provider; handlers are idempotent, so a redelivery racing
 * the first delivery changes nothing either.
 */
export async function processStripeEvent(
  db: Db,
  stripe: Stripe,
  event: Stripe.Event,
  events: OrderEvents = orderEvents,
): Promise<WebhookResult> {
  const handler = handlers[event.type];
  if (!handler) return { status: "ignored", detail: `unhandled event type ${event.type}` };
  if (await db.webhookEvent.findUnique({ where: { id: event.id }, select: { id: true } }))
    return { status: "duplicate", detail: event.id };
  const detail = await handler({ db, stripe, events }, event);
  try {
    await db.webhookEvent.create({ data: { id: event.id, type: event.type } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { status: "duplicate", detail: event.id };
  }
  return { status: "processed", detail };
}
