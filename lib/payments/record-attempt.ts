import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db";
import { normalizeEmail } from "@/lib/fraud/normalize";
import { paymentStatus } from "./status";
import { intentStage } from "./stripe-enums";
import { canBecome, isAttemptOutcome, outcomeOfError, type AttemptOutcome } from "./attempts";

// What the provider reported about one attempt. Card facts only as the provider derives them
// (fingerprint, brand, last 4, country, check results): it never sends a card number.
export type AttemptFacts = {
  attemptKey: string;
  paymentIntentId: string;
  chargeId: string | null;
  outcome: AttemptOutcome;
  errorCode: string | null;
  declineCode: string | null;
  cardFingerprint: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardCountry: string | null;
  cvcCheck: string | null;
  addressLine1Check: string | null;
  postalCodeCheck: string | null;
  threeDSecure: string | null;
  attemptedAt: Date;
};

type CardChecks =
  | { cvc_check?: string | null; address_line1_check?: string | null; address_postal_code_check?: string | null }
  | null
  | undefined;
type Card =
  | {
      fingerprint?: string | null;
      brand?: string | null;
      last4?: string | null;
      country?: string | null;
      checks?: CardChecks;
    }
  | null
  | undefined;

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);
const fromUnix = (seconds: number) => new Date(seconds * 1000);

function cardFields(card: Card, checks: CardChecks = card?.checks) {
  return {
    cardFingerprint: card?.fingerprint ?? null,
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    cardCountry: card?.country ?? null,
    cvcCheck: checks?.cvc_check ?? null,
    addressLine1Check: checks?.address_line1_check ?? null,
    postalCodeCheck: checks?.address_postal_code_check ?? null,
  };
}

/**
 * The failed attempt a `payment_intent.payment_failed` event describes, from the event's own
 * snapshot of the PaymentIntent (by the time the event arrives, the PaymentIntent may already
 * have succeeded with another card). Null when the event carries no error.
 */
export function declinedAttempt(pi: Stripe.PaymentIntent, eventCreated: number): AttemptFacts | null {
  const error = pi.last_payment_error;
  if (!error) return null;
  const method = error.payment_method ?? null;
  const chargeId = error.charge ?? null;
  return {
    // One charge per card tried; without one (an error before any charge), the PaymentMethod,
    // which Checkout creates afresh for each try.
    attemptKey: chargeId ?? method?.id ?? `${pi.id}:${eventCreated}`,
    paymentIntentId: pi.id,
    chargeId,
    outcome: outcomeOfError(error),
    errorCode: error.code ?? null,
    declineCode: error.decline_code ?? null,
    ...cardFields(method?.card),
    threeDSecure: null,
    attemptedAt: fromUnix(eventCreated),
  };
}

/**
 * The attempt behind a PaymentIntent that was authorized (or captured, or canceled afterwards),
 * read from the PaymentIntent retrieved with `payment_method` and `latest_charge` expanded.
 * A PaymentIntent canceled without any authorized card (an abandoned or expired checkout) is one
 * CANCELED attempt of its own, with no card. Null while it still awaits a card.
 */
export function intentAttempt(pi: Stripe.PaymentIntent): AttemptFacts | null {
  if (!paymentStatus.is(pi.status)) return null;
  const stage = intentStage(pi.status);
  const outcome: AttemptOutcome | null =
    stage === "authorized" || stage === "captured" ? "AUTHORIZED" : stage === "canceled" ? "CANCELED" : null;
  if (!outcome) return null;
  const authorized = pi.payment_method != null;
  const charge = authorized && typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  const chargeId = authorized ? idOf(pi.latest_charge) : null;
  const method = typeof pi.payment_method === "object" ? pi.payment_method : null;
  const details = charge?.payment_method_details?.card;
  if (!chargeId && outcome === "AUTHORIZED") return null;
  return {
    attemptKey: chargeId ?? pi.id,
    paymentIntentId: pi.id,
    chargeId,
    outcome,
    errorCode: null,
    declineCode: null,
    ...cardFields(method?.card ?? details, details?.checks ?? method?.card?.checks),
    threeDSecure: details?.three_d_secure?.result ?? null,
    attemptedAt: charge ? fromUnix(charge.created) : fromUnix(pi.canceled_at ?? pi.created),
  };
}

/**
 * The attempt a failed charge stands for (one card tried and refused), from the PaymentIntent's
 * charge list. Same key as the `payment_intent.payment_failed` event's attempt (the charge id),
 * so reading both records it once. Null for a charge that did not fail.
 */
function failedChargeAttempt(charge: Stripe.Charge): AttemptFacts | null {
  if (charge.status !== "failed") return null;
  const details = charge.payment_method_details?.card;
  return {
    attemptKey: charge.id,
    paymentIntentId: idOf(charge.payment_intent) ?? "",
    chargeId: charge.id,
    outcome: charge.failure_code === "processing_error" ? "FAILED" : "DECLINED",
    errorCode: charge.failure_code ?? null,
    declineCode: charge.outcome?.reason ?? null,
    ...cardFields(details, details?.checks),
    threeDSecure: details?.three_d_secure?.result ?? null,
    attemptedAt: fromUnix(charge.created),
  };
}

export type RecordOutcome = "recorded" | "updated" | "unchanged" | "unknown-order";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

const FACT_FIELDS = [
  "chargeId",
  "errorCode",
  "declineCode",
  "cardFingerprint",
  "cardBrand",
  "cardLast4",
  "cardCountry",
  "cvcCheck",
  "addressLine1Check",
  "postalCodeCheck",
  "threeDSecure",
] as const;

/**
 * Records one attempt against its order, with the order's account, normalized email and
 * checkout address. Idempotent and order-tolerant: a redelivered event changes nothing, a later
 * event may only move the outcome forward (AUTHORIZED → CANCELED) and fill in facts still
 * missing, and two deliveries racing on the same attempt leave one row.
 */
export async function recordAttempt(db: Db, orderId: string, facts: AttemptFacts): Promise<RecordOutcome> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { userId: true, email: true, ip: true } });
  if (!order) return "unknown-order";
  for (let tries = 0; tries < 3; tries++) {
    const existing = await db.paymentAttempt.findUnique({ where: { attemptKey: facts.attemptKey } });
    if (!existing) {
      try {
        await db.paymentAttempt.create({
          data: {
            ...facts,
            orderId,
            userId: order.userId,
            emailNormalized: normalizeEmail(order.email) ?? order.email,
            ip: order.ip,
          },
        });
        return "recorded";
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue;
      }
    }
    const current = isAttemptOutcome(existing.outcome) ? existing.outcome : facts.outcome;
    const outcome = canBecome(current, facts.outcome) ? facts.outcome : current;
    const missing = Object.fromEntries(
      FACT_FIELDS.filter((f) => existing[f] === null && facts[f] !== null).map((f) => [f, facts[f]]),
    );
    if (outcome === existing.outcome && Object.keys(missing).length === 0) return "unchanged";
    // Conditional on the outcome read above: a concurrent change makes this match nothing, and
    // the loop reads again.
    const updated = await db.paymentAttempt.updateMany({
      where: { id: existing.id, outcome: existing.outcome },
      data: { ...missing, outcome },
    });
    if (updated.count === 1) return "updated";
  }
  throw new Error(`payment attempt ${facts.attemptKey} kept changing while being recorded`);
}

/**
 * Records the attempt a PaymentIntent (retrieved with `payment_method` and `latest_charge`
 * expanded) stands for, if it belongs to this order and has reached an outcome.
 */
export async function recordIntentAttempt(
  db: Db,
  orderId: string,
  pi: Stripe.PaymentIntent,
): Promise<RecordOutcome | "no-attempt"> {
  const attempt = pi.metadata?.orderId === orderId ? intentAttempt(pi) : null;
  return attempt ? recordAttempt(db, orderId, attempt) : "no-attempt";
}

/**
 * Records every card the provider refused on this PaymentIntent before it was authorized. The
 * `payment_intent.payment_failed` events say the same, but events may arrive in any order (or
 * late); reading the charges before the payment is assessed lets the rules count each decline.
 */
export async function recordFailedCharges(
  db: Db,
  stripe: Stripe,
  orderId: string,
  paymentIntentId: string,
): Promise<number> {
  let recorded = 0;
  for await (const charge of stripe.charges.list({ payment_intent: paymentIntentId, limit: 100 })) {
    const attempt = failedChargeAttempt(charge);
    if (attempt && (await recordAttempt(db, orderId, attempt)) === "recorded") recorded++;
  }
  return recorded;
}
