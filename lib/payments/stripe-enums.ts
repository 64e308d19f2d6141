import type Stripe from "stripe";

// What the store makes of each value of each Stripe enum it acts on, as exhaustive switches over
// the SDK's own union types for the pinned API version. The SDK leaves its enums open
// (`… | OtherString`); `Known` drops that, so when a later SDK adds a value every switch below
// stops compiling until someone decides what the new value means. At run time a value outside
// the SDK's list is refused by the callers (a webhook with one fails and Stripe retries it).

/** The literal members of an SDK enum, without its open `string & {}` member. */
type Known<T> = T extends string ? (string extends T ? never : T) : T;

function unreachable(value: never, what: string): never {
  throw new Error(`Unknown ${what}: ${String(value)}`);
}

/** Whether a value is one of `values` (a list checked against the enum where it is declared). */
export function isOneOf<const V extends string>(values: readonly V[], value: string | null | undefined): value is V {
  return value != null && (values as readonly string[]).includes(value);
}

// ── Disputes ────────────────────────────────────────────────────────────────────────────────
export type StripeDisputeStatus = Known<Stripe.Dispute.Status>;
export type DisputePhase = "inquiry" | "dispute" | "appeal";

/** Open (money at stake, evidence may be due) or closed (an outcome). */
export function disputeIsClosed(status: StripeDisputeStatus): boolean {
  switch (status) {
    case "warning_needs_response":
    case "warning_under_review":
    case "needs_response":
    case "under_review":
    case "appeal_needs_response":
    case "appeal_under_review":
      return false;
    case "warning_closed": // an inquiry that never became a chargeback
    case "prevented": // stopped before it became a dispute (e.g. a network's resolution service)
    case "won":
    case "lost":
      return true;
    default:
      return unreachable(status, "dispute status");
  }
}

/** Inquiry (`warning_*`: no funds withdrawn yet), chargeback, or appeal of a lost chargeback. */
export function disputePhase(status: StripeDisputeStatus): DisputePhase {
  switch (status) {
    case "warning_needs_response":
    case "warning_under_review":
    case "warning_closed":
      return "inquiry";
    case "appeal_needs_response":
    case "appeal_under_review":
      return "appeal";
    case "needs_response":
    case "under_review":
    case "prevented":
    case "won":
    case "lost":
      return "dispute";
    default:
      return unreachable(status, "dispute status");
  }
}

// ── Refunds ─────────────────────────────────────────────────────────────────────────────────
/** Stripe documents these for `Refund.status`; the SDK types the field as a plain string. */
export const STRIPE_REFUND_STATUSES = ["pending", "requires_action", "succeeded", "failed", "canceled"] as const;
export type StripeRefundStatus = (typeof STRIPE_REFUND_STATUSES)[number];

/** What a refund's status means for the money: still moving, returned, or not returned. */
export function refundOutcome(status: StripeRefundStatus): "pending" | "succeeded" | "failed" {
  switch (status) {
    case "pending":
    case "requires_action":
      return "pending";
    case "succeeded":
      return "succeeded";
    case "failed":
    case "canceled":
      return "failed";
    default:
      return unreachable(status, "refund status");
  }
}

// ── PaymentIntents and charges ─────────────────────────────────────────────────────────────
export type StripeIntentStatus = Known<Stripe.PaymentIntent.Status>;

/** Where a PaymentIntent stands for the order: no money yet, authorized, captured, or released. */
export function intentStage(status: StripeIntentStatus): "unsettled" | "authorized" | "captured" | "canceled" {
  switch (status) {
    case "requires_payment_method":
    case "requires_confirmation":
    case "requires_action":
    case "processing":
      return "unsettled";
    case "requires_capture":
      return "authorized";
    case "succeeded":
      return "captured";
    case "canceled":
      return "canceled";
    default:
      return unreachable(status, "PaymentIntent status");
  }
}

export type StripeChargeStatus = Known<Stripe.Charge.Status>;

export function chargeSucceeded(status: StripeChargeStatus): boolean {
  switch (status) {
    case "succeeded":
      return true;
    case "pending":
    case "failed":
      return false;
    default:
      return unreachable(status, "charge status");
  }
}

// ── Checkout Sessions ──────────────────────────────────────────────────────────────────────
export type StripeSessionStatus = Known<Stripe.Checkout.Session.Status>;
export type StripeSessionPaymentStatus = Known<Stripe.Checkout.Session.PaymentStatus>;

/** Whether a session can still take a payment, was paid (or authorized), or can no longer be. */
export function sessionState(status: StripeSessionStatus): "payable" | "complete" | "closed" {
  switch (status) {
    case "open":
      return "payable";
    case "complete":
      return "complete";
    case "expired":
      return "closed";
    default:
      return unreachable(status, "Checkout Session status");
  }
}

/** Whether a completed session's payment was made: Stripe reports an authorization as paid too. */
export function sessionPaid(status: StripeSessionPaymentStatus): boolean {
  switch (status) {
    case "paid":
    case "no_payment_required":
      return true;
    case "unpaid":
      return false;
    default:
      return unreachable(status, "Checkout Session payment status");
  }
}
