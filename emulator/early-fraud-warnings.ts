// Early fraud warnings (Radar), as Stripe's test mode raises them: a payment with the documented
// test card 4000 0000 0000 5423 succeeds and then receives an early fraud warning
// (https://docs.stripe.com/testing#disputes, "Warning"), here once the payment is captured, as
// an issuer's fraud report concerns a settled charge. The warning is emitted as
// radar.early_fraud_warning.created; POST /_emulator/charges/:id/early_fraud_warning raises one
// on demand. Read with GET /v1/radar/early_fraud_warnings(/:id), filtered by charge or
// payment_intent. `actionable` is false once the charge is disputed or fully refunded.
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import type { FormObject } from "./form-encoding";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { optionalEnum, optionalInteger, optionalString } from "./params";
import type { Charge, EarlyFraudWarning } from "./types";

/** The issuer's fraud types, as the SDK documents Stripe.Radar.EarlyFraudWarning.fraud_type. */
const FRAUD_TYPES = [
  "card_never_received",
  "fraudulent_card_application",
  "made_with_counterfeit_card",
  "made_with_lost_card",
  "made_with_stolen_card",
  "misc",
  "unauthorized_use_of_card",
] as const;

function raiseEarlyFraudWarning(
  em: Emulator,
  request: RequestInfo,
  charge: Charge,
  fraudType: (typeof FRAUD_TYPES)[number] = "made_with_stolen_card",
): EarlyFraudWarning {
  if (charge.status !== "succeeded")
    throw invalidRequest(`Charge ${charge.id} did not succeed, so no early fraud warning can concern it.`, {
      param: "charge",
    });
  const warning: EarlyFraudWarning = {
    id: newId("issfr"),
    object: "radar.early_fraud_warning",
    actionable: !charge.disputed && charge.amount_refunded < charge.amount,
    charge: charge.id,
    created: em.clock.now(),
    fraud_type: fraudType,
    livemode: false,
    payment_intent: charge.payment_intent ?? undefined,
  };
  em.store.earlyFraudWarnings.set(warning.id, warning);
  em.events.emit("radar.early_fraud_warning.created", warning, request);
  return warning;
}

/** Called after every capture: an early-fraud-warning test card's payments are warned about once captured. */
export function warnIfTestCard(em: Emulator, request: RequestInfo, charge: Charge): void {
  if (!em.store.warnOnCapture.delete(charge.id)) return;
  raiseEarlyFraudWarning(em, request, charge);
}

/** The warning as it reads now: actionable follows the charge (no dispute, not fully refunded). */
function current(em: Emulator, warning: EarlyFraudWarning): EarlyFraudWarning {
  const charge = em.store.charges.get(warning.charge);
  const actionable = !!charge && !charge.disputed && charge.amount_refunded < charge.amount;
  return { ...warning, actionable };
}

function listWarnings(em: Emulator, params: FormObject) {
  const limit = Math.min(optionalInteger(params, "limit", "", 1) ?? 10, 100);
  const charge = optionalString(params, "charge");
  const paymentIntent = optionalString(params, "payment_intent");
  const all = [...em.store.earlyFraudWarnings.values()]
    .reverse()
    .filter(
      (w) =>
        (charge === undefined || w.charge === charge) &&
        (paymentIntent === undefined || w.payment_intent === paymentIntent),
    )
    .map((w) => current(em, w));
  return {
    object: "list",
    data: structuredClone(all.slice(0, limit)),
    has_more: all.length > limit,
    url: "/v1/radar/early_fraud_warnings",
  };
}

export function registerEarlyFraudWarningRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/radar/early_fraud_warnings", ({ em, params }) => listWarnings(em, params))
    .add("GET", "/v1/radar/early_fraud_warnings/:id", ({ em, path }) =>
      current(em, em.store.earlyFraudWarning(path.id ?? "")),
    );
}

/** For test-endpoints.ts: POST /_emulator/charges/:id/early_fraud_warning. */
export function raiseOnDemand(
  em: Emulator,
  request: RequestInfo,
  chargeId: string,
  params: FormObject,
): EarlyFraudWarning {
  const fraudType = optionalEnum(params, "fraud_type", FRAUD_TYPES) ?? "made_with_stolen_card";
  return raiseEarlyFraudWarning(em, request, em.store.charge(chargeId), fraudType);
}
