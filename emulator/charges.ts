// Charges: one per payment attempt, failed or succeeded, like Stripe's.
import type { Decline } from "./cards";
import { DAY } from "./clock";
import type { ApiRouter, Emulator } from "./context";
import type { FormObject } from "./form-encoding";
import { newId } from "./ids";
import { chargeDefaults } from "./defaults";
import { optionalInteger, optionalString } from "./params";
import type { Charge, PaymentIntent, PaymentMethod } from "./types";

/** Uncaptured card authorizations expire after 7 days on Stripe. */
const AUTHORIZATION_VALIDITY = 7 * DAY;

export function createCharge(
  em: Emulator,
  intent: PaymentIntent,
  method: PaymentMethod,
  decline: Decline | undefined,
): Charge {
  const now = em.clock.now();
  const manual = intent.capture_method === "manual";
  const succeeded = decline === undefined;
  const { card } = method;
  const charge: Charge = {
    ...chargeDefaults(),
    id: newId("ch"),
    object: "charge",
    amount: intent.amount,
    amount_captured: succeeded && !manual ? intent.amount : 0,
    amount_refunded: 0,
    billing_details: structuredClone(method.billing_details),
    captured: succeeded && !manual,
    created: now,
    currency: intent.currency,
    description: intent.description,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    outcome: succeeded
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          seller_message: "Payment complete.",
          type: "authorized",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: decline.declineCode,
          risk_level: "normal",
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        },
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: {
      type: "card",
      card: {
        brand: card.brand,
        // Present only while an authorization waits for capture, as on Stripe.
        ...(succeeded && manual ? { capture_before: now + AUTHORIZATION_VALIDITY } : {}),
        checks: structuredClone(card.checks),
        country: card.country,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
        fingerprint: card.fingerprint,
        funding: card.funding,
        last4: card.last4,
        network: card.brand,
        three_d_secure: null,
        amount_authorized: succeeded ? intent.amount : null,
        authorization_code: succeeded ? "123456" : null,
        electronic_commerce_indicator: null,
        installments: null,
        mandate: null,
        network_transaction_id: succeeded ? `${now}${intent.amount}`.slice(0, 15) : null,
        regulated_status: "unregulated",
        transaction_link_id: null,
        wallet: null,
      },
    },
    receipt_email: intent.receipt_email,
    refunded: false,
    status: succeeded ? "succeeded" : "failed",
  };
  em.store.charges.set(charge.id, charge);
  return charge;
}

/** What can still be refunded: captured money minus refunds (and released authorization). */
export const refundableAmount = (charge: Charge): number => charge.amount - charge.amount_refunded;

/**
 * GET /v1/charges, newest first, filtered by payment_intent (the store reads every card tried on
 * a PaymentIntent, declined ones included, before it assesses the payment), with limit and
 * starting_after.
 */
function listCharges(em: Emulator, params: FormObject) {
  const limit = Math.min(optionalInteger(params, "limit", "", 1) ?? 10, 100);
  const paymentIntent = optionalString(params, "payment_intent");
  const startingAfter = optionalString(params, "starting_after");
  let all = [...em.store.charges.values()]
    .reverse()
    .filter((c) => paymentIntent === undefined || c.payment_intent === paymentIntent);
  if (startingAfter) {
    const index = all.findIndex((c) => c.id === startingAfter);
    all = index === -1 ? [] : all.slice(index + 1);
  }
  return {
    object: "list",
    data: structuredClone(all.slice(0, limit)),
    has_more: all.length > limit,
    url: "/v1/charges",
  };
}

export function registerChargeRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/charges", ({ em, params }) => listCharges(em, params))
    .add("GET", "/v1/charges/:id", ({ em, path }) => em.store.charge(path.id ?? ""));
}
