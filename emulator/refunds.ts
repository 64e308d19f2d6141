// Refunds of captured charges, partial or full, never beyond what is left to refund. Most
// succeed at once; the refund test cards settle later (https://docs.stripe.com/testing#refunds):
// 7726's refunds are pending and then succeed, 5126's succeed and then fail. They settle when
// the test clock passes REFUND_SETTLE_SECONDS, or at once through /_emulator/refunds/:id/settle,
// with refund.updated (and refund.failed) as on Stripe.
import { refundableAmount } from "./charges";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { formatAmount } from "./money";
import {
  assertKnown,
  mergeMetadata,
  optionalEnum,
  optionalInteger,
  optionalMetadata,
  optionalString,
  type Metadata,
} from "./params";
import { refundDefaults } from "./defaults";
import type { Charge, Refund } from "./types";

const REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;

/** How long after its creation a test card's refund settles, in test-clock seconds. */
export const REFUND_SETTLE_SECONDS = 60;

function chargeToRefund(em: Emulator, chargeId: string | undefined, intentId: string | undefined): Charge {
  if (!chargeId && !intentId)
    throw invalidRequest("One of `charge` or `payment_intent` is required.", {
      code: "parameter_missing",
      param: "payment_intent",
    });
  if (chargeId) {
    const charge = em.store.charge(chargeId, "charge");
    if (intentId && charge.payment_intent !== intentId) {
      throw invalidRequest(`Charge ${chargeId} does not belong to PaymentIntent ${intentId}.`, {
        param: "payment_intent",
      });
    }
    return charge;
  }
  const intent = em.store.paymentIntent(intentId ?? "");
  if (intent.status === "requires_capture") {
    throw invalidRequest(
      `This PaymentIntent (${intent.id}) has not been captured, so it cannot be refunded. Cancel the PaymentIntent to release the authorization instead.`,
      { code: "charge_not_refundable", param: "payment_intent" },
    );
  }
  const charge =
    intent.status === "succeeded" && intent.latest_charge ? em.store.charges.get(intent.latest_charge) : undefined;
  if (!charge) {
    throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, {
      code: "charge_not_refundable",
      param: "payment_intent",
    });
  }
  return charge;
}

function createRefund(
  em: Emulator,
  request: RequestInfo,
  input: {
    charge?: string;
    paymentIntent?: string;
    amount?: number;
    reason?: Refund["reason"];
    metadata?: Metadata;
  },
): Refund {
  const charge = chargeToRefund(em, input.charge, input.paymentIntent);
  if (charge.status !== "succeeded")
    throw invalidRequest(`Charge ${charge.id} did not succeed, so it cannot be refunded.`, {
      code: "charge_not_refundable",
      param: "charge",
    });
  if (!charge.captured) {
    throw invalidRequest(
      `Charge ${charge.id} has not been captured, so it cannot be refunded. Cancel its PaymentIntent to release the authorization instead.`,
      {
        code: "charge_not_refundable",
        param: "charge",
      },
    );
  }
  if (charge.disputed)
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: "charge_disputed",
      param: "charge",
    });
  const remaining = refundableAmount(charge);
  if (remaining <= 0)
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
      code: "charge_already_refunded",
      param: "charge",
    });
  const amount = input.amount ?? remaining;
  const behaviour = em.store.refundBehaviour.get(charge.id);
  if (amount < 1)
    throw invalidRequest("Refund amount must be at least 1.", {
      code: "amount_too_small",
      param: "amount",
    });
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { code: "amount_too_large", param: "amount" },
    );
  }
  const refund: Refund = {
    ...refundDefaults(),
    id: newId("re"),
    object: "refund",
    amount,
    charge: charge.id,
    created: em.clock.now(),
    currency: charge.currency,
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    status: behaviour === "pending" ? "pending" : "succeeded",
  };
  em.store.refunds.set(refund.id, refund);
  if (behaviour)
    em.store.unsettledRefunds.set(refund.id, {
      settleAt: refund.created + REFUND_SETTLE_SECONDS,
      to: behaviour === "pending" ? "succeeded" : "failed",
    });
  // A pending refund already counts against the charge: it cannot be refunded twice.
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  em.events.emit("refund.created", refund, request);
  if (refund.status === "succeeded") emitChargeRefunded(em, request, charge, amount);
  return refund;
}

function emitChargeRefunded(em: Emulator, request: RequestInfo, charge: Charge, amount: number): void {
  em.events.emit("charge.refunded", charge, request, {
    amount_refunded: charge.amount_refunded - amount,
    refunded: false,
  });
}

/**
 * Settles a test card's refund: to the status its card decides, or `to` when given (a pending
 * refund may be failed on purpose). A failed refund returns its amount to the charge.
 */
export function settleRefund(em: Emulator, request: RequestInfo, refund: Refund, to?: "succeeded" | "failed"): Refund {
  const due = em.store.unsettledRefunds.get(refund.id);
  if (!due)
    throw invalidRequest(`Refund ${refund.id} has nothing left to settle (status ${refund.status}).`, {
      param: "refund",
    });
  em.store.unsettledRefunds.delete(refund.id);
  const status = refund.status === "pending" ? (to ?? due.to) : "failed";
  const charge = em.store.charge(refund.charge);
  const previous = { status: refund.status };
  refund.status = status;
  if (status === "failed") {
    refund.failure_reason = "expired_or_canceled_card";
    charge.amount_refunded -= refund.amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
  }
  em.events.emit("refund.updated", refund, request, previous);
  if (status === "failed") em.events.emit("refund.failed", refund, request);
  else emitChargeRefunded(em, request, charge, refund.amount);
  return refund;
}

/** Test-card refunds whose time has come settle (run whenever time passes). */
export function settleDueRefunds(em: Emulator, request: RequestInfo): void {
  const now = em.clock.now();
  for (const [id, due] of [...em.store.unsettledRefunds]) {
    const refund = em.store.refunds.get(id);
    if (refund && due.settleAt <= now) settleRefund(em, request, refund);
  }
}

export function registerRefundRoutes(router: ApiRouter): void {
  router
    .add("POST", "/v1/refunds", ({ em, request, params }) => {
      assertKnown(params, ["charge", "payment_intent", "amount", "reason", "metadata", "expand"]);
      return createRefund(em, request, {
        charge: optionalString(params, "charge") || undefined,
        paymentIntent: optionalString(params, "payment_intent") || undefined,
        amount: optionalInteger(params, "amount"),
        reason: optionalEnum(params, "reason", REASONS),
        metadata: optionalMetadata(params),
      });
    })
    .add("GET", "/v1/refunds/:id", ({ em, path }) => em.store.refund(path.id ?? ""))
    .add("POST", "/v1/refunds/:id", ({ em, request, path, params }) => {
      const refund = em.store.refund(path.id ?? "");
      assertKnown(params, ["metadata", "expand"]);
      const previous = { metadata: { ...refund.metadata } };
      const metadata = optionalMetadata(params);
      if (metadata === undefined) return refund;
      refund.metadata = mergeMetadata(refund.metadata, metadata);
      em.events.emit("refund.updated", refund, request, previous);
      return refund;
    });
}
