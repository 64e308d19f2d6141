import type Stripe from "stripe";
import { defineLifecycle, type Lifecycle } from "@/lib/lifecycle";
import type { StripeIntentStatus } from "./stripe-enums";

// A Payment row's status is the provider's PaymentIntent status as last reported, so the list
// is Stripe's; the table says which reports the store accepts after which. A redelivered event
// may report the same status again (requires_capture → requires_capture).

export const PAYMENT_STATUSES = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
  "processing",
  "requires_capture",
  "succeeded",
  "canceled",
] as const satisfies readonly Stripe.PaymentIntent.Status[];

export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

// Every PaymentIntent status of the pinned SDK is listed (a new one is a compile error here).
type Unlisted = Exclude<StripeIntentStatus, PaymentStatus>;
const _EVERY_SDK_INTENT_STATUS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

const UNSETTLED = ["requires_payment_method", "requires_confirmation", "requires_action", "processing"] as const;

export const paymentStatus: Lifecycle<PaymentStatus> = defineLifecycle("payment", PAYMENT_STATUSES, {
  requires_payment_method: [...UNSETTLED, "requires_capture", "succeeded", "canceled"],
  requires_confirmation: [...UNSETTLED, "requires_capture", "succeeded", "canceled"],
  requires_action: [...UNSETTLED, "requires_capture", "succeeded", "canceled"],
  processing: [...UNSETTLED, "requires_capture", "succeeded", "canceled"],
  // Authorized: captured, released, or reported again.
  requires_capture: ["requires_capture", "succeeded", "canceled"],
  succeeded: ["succeeded"],
  canceled: ["canceled"],
});

/** The provider's status as ours; a status this store does not know yet is refused. */
export function reportedPaymentStatus(status: Stripe.PaymentIntent.Status): PaymentStatus {
  return paymentStatus.parse(status);
}
