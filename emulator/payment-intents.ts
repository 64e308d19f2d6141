// PaymentIntents: requires_payment_method → requires_capture (manual) or succeeded (automatic)
// → succeeded / canceled. Authorizations not captured within 7 days are canceled.
import type { CardBehaviour, Decline } from "./cards";
import { createCharge } from "./charges";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { disputeIfTestCard } from "./disputes";
import { warnIfTestCard } from "./early-fraud-warnings";
import { invalidRequest } from "./errors";
import { newId, randomBase62 } from "./ids";
import { assertKnown, mergeMetadata, optionalEnum, optionalInteger, optionalMetadata } from "./params";
import type { SessionRecord } from "./store";
import type { Metadata } from "./params";
import { paymentIntentDefaults } from "./defaults";
import type { Charge, PaymentIntent, PaymentMethod } from "./types";

const CANCELABLE = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];

export function createIntentForSession(em: Emulator, record: SessionRecord): PaymentIntent {
  const id = newId("pi");
  const intent: PaymentIntent = {
    ...paymentIntentDefaults(),
    id,
    object: "payment_intent",
    amount: record.session.amount_total,
    amount_capturable: 0,
    amount_received: 0,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: record.intentData.captureMethod,
    client_secret: `${id}_secret_${randomBase62(25)}`,
    confirmation_method: "automatic",
    created: em.clock.now(),
    currency: record.session.currency,
    description: record.intentData.description,
    last_payment_error: null,
    latest_charge: null,
    metadata: { ...record.intentData.metadata },
    payment_method: null,
    receipt_email: record.intentData.receiptEmail,
    status: "requires_payment_method",
  };
  em.store.paymentIntents.set(id, intent);
  em.store.sessionOfIntent.set(id, record.session.id);
  return intent;
}

/** One confirmation attempt with a card: a declined or an authorized/captured charge. */
export function confirmIntent(
  em: Emulator,
  request: RequestInfo,
  intent: PaymentIntent,
  method: PaymentMethod,
  decline?: Decline,
  behaviour: Pick<CardBehaviour, "disputeOnCapture" | "earlyFraudWarningOnCapture" | "refund"> = {},
): Charge {
  const charge = createCharge(em, intent, method, decline);
  intent.latest_charge = charge.id;
  if (decline) {
    intent.payment_method = null;
    intent.last_payment_error = {
      type: "card_error",
      code: decline.code,
      decline_code: decline.declineCode,
      doc_url: `https://docs.stripe.com/error-codes/${decline.code.replaceAll("_", "-")}`,
      message: decline.message,
      ...(decline.param ? { param: decline.param } : {}),
      charge: charge.id,
      payment_method: structuredClone(method),
    };
    em.events.emit("payment_intent.payment_failed", intent, request);
    return charge;
  }
  intent.payment_method = method.id;
  intent.last_payment_error = null;
  if (behaviour.disputeOnCapture) em.store.disputeOnCapture.set(charge.id, behaviour.disputeOnCapture);
  if (behaviour.earlyFraudWarningOnCapture) em.store.warnOnCapture.add(charge.id);
  if (behaviour.refund) em.store.refundBehaviour.set(charge.id, behaviour.refund);
  if (intent.capture_method === "manual") {
    intent.status = "requires_capture";
    intent.amount_capturable = intent.amount;
    em.events.emit("payment_intent.amount_capturable_updated", intent, request);
  } else {
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    em.events.emit("payment_intent.succeeded", intent, request);
  }
  return charge;
}

function unexpectedState(intent: PaymentIntent, action: "captured" | "canceled", allowed: string[]) {
  return invalidRequest(
    `This PaymentIntent could not be ${action} because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed.join(", ")}.`,
    { code: "payment_intent_unexpected_state" },
  );
}

function captureIntent(
  em: Emulator,
  request: RequestInfo,
  intent: PaymentIntent,
  amountToCapture?: number,
  metadata?: Metadata,
): PaymentIntent {
  if (intent.status !== "requires_capture") throw unexpectedState(intent, "captured", ["requires_capture"]);
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${amount}) cannot be greater than the amount capturable (${intent.amount_capturable}).`,
      {
        code: "amount_too_large",
        param: "amount_to_capture",
      },
    );
  }
  if (amount < 1)
    throw invalidRequest("amount_to_capture must be at least 1.", {
      param: "amount_to_capture",
    });
  const charge = em.store.charge(intent.latest_charge ?? "");
  intent.status = "succeeded";
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  intent.metadata = mergeMetadata(intent.metadata, metadata);
  charge.captured = true;
  charge.amount_captured = amount;
  // A partial capture releases the rest of the authorization; Stripe shows it as refunded.
  charge.amount_refunded = charge.amount - amount;
  delete charge.payment_method_details.card.capture_before;
  em.events.emit("charge.captured", charge, request);
  em.events.emit("payment_intent.succeeded", intent, request);
  disputeIfTestCard(em, request, charge);
  warnIfTestCard(em, request, charge);
  return intent;
}

export function cancelIntent(
  em: Emulator,
  request: RequestInfo,
  intent: PaymentIntent,
  reason: string | null,
): PaymentIntent {
  if (!CANCELABLE.includes(intent.status)) throw unexpectedState(intent, "canceled", CANCELABLE);
  const charge = intent.latest_charge ? em.store.charges.get(intent.latest_charge) : undefined;
  if (intent.status === "requires_capture" && charge) {
    // The uncaptured authorization is released, which Stripe records as a full refund.
    charge.amount_refunded = charge.amount;
    charge.refunded = true;
    delete charge.payment_method_details.card.capture_before;
  }
  intent.status = "canceled";
  intent.canceled_at = em.clock.now();
  intent.cancellation_reason = reason;
  intent.amount_capturable = 0;
  em.events.emit("payment_intent.canceled", intent, request);
  return intent;
}

/** Authorizations past their capture_before are canceled, as Stripe does after 7 days. */
export function expireDueAuthorizations(em: Emulator, request: RequestInfo): void {
  const now = em.clock.now();
  for (const intent of em.store.paymentIntents.values()) {
    if (intent.status !== "requires_capture" || !intent.latest_charge) continue;
    const deadline = em.store.charges.get(intent.latest_charge)?.payment_method_details.card.capture_before;
    if (deadline !== undefined && deadline !== null && deadline <= now) cancelIntent(em, request, intent, "automatic");
  }
}

export function registerPaymentIntentRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/payment_intents/:id", ({ em, path }) => em.store.paymentIntent(path.id ?? ""))
    .add("POST", "/v1/payment_intents/:id", ({ em, path, params }) => {
      const intent = em.store.paymentIntent(path.id ?? "");
      assertKnown(params, ["metadata", "description", "expand"]);
      intent.metadata = mergeMetadata(intent.metadata, optionalMetadata(params));
      if (typeof params.description === "string") intent.description = params.description || null;
      return intent;
    })
    .add("POST", "/v1/payment_intents/:id/capture", ({ em, request, path, params }) => {
      const intent = em.store.paymentIntent(path.id ?? "");
      assertKnown(params, ["amount_to_capture", "metadata", "final_capture", "expand"]);
      const amount = optionalInteger(params, "amount_to_capture", "", 0);
      return captureIntent(em, request, intent, amount, optionalMetadata(params));
    })
    .add("POST", "/v1/payment_intents/:id/cancel", ({ em, request, path, params }) => {
      const intent = em.store.paymentIntent(path.id ?? "");
      assertKnown(params, ["cancellation_reason", "expand"]);
      const reason = optionalEnum(params, "cancellation_reason", [
        "duplicate",
        "fraudulent",
        "requested_by_customer",
        "abandoned",
      ] as const);
      const sessionId = em.store.sessionOfIntent.get(intent.id);
      if (
        sessionId &&
        intent.status !== "requires_capture" &&
        em.store.sessions.get(sessionId)?.session.status === "open"
      ) {
        throw invalidRequest(
          "You cannot cancel this PaymentIntent because it belongs to an open Checkout Session. Expire the Checkout Session instead.",
          { code: "payment_intent_unexpected_state" },
        );
      }
      return cancelIntent(em, request, intent, reason ?? null);
    });
}
