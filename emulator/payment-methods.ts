// PaymentMethods hold what Stripe keeps about a card: brand, last4, expiry, country, funding,
// fingerprint — never the number or CVC.
import type { CardFacts } from "./cards";
import type { ApiRouter, Emulator } from "./context";
import { newId } from "./ids";
import { paymentMethodDefaults } from "./defaults";
import type { BillingDetails, CardDetails, PaymentMethod } from "./types";

export function createPaymentMethod(em: Emulator, card: CardFacts, billing: BillingDetails): PaymentMethod {
  const { checks } = card.behaviour;
  const details: CardDetails = {
    brand: card.brand,
    // A check is null when nothing was given to check, as on Stripe.
    checks: {
      address_line1_check: billing.address.line1 ? (checks?.addressLine1 ?? "pass") : null,
      address_postal_code_check: billing.address.postal_code ? (checks?.postalCode ?? "pass") : null,
      cvc_check: checks?.cvc ?? "pass",
    },
    country: card.behaviour.country,
    display_brand: card.brand === "amex" ? "american_express" : card.brand,
    exp_month: card.expMonth,
    exp_year: card.expYear,
    fingerprint: card.fingerprint,
    funding: card.behaviour.funding,
    last4: card.last4,
    generated_from: null,
    networks: { available: [card.brand], preferred: null },
    regulated_status: "unregulated",
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
  const method: PaymentMethod = {
    ...paymentMethodDefaults(),
    id: newId("pm"),
    object: "payment_method",
    billing_details: billing,
    card: details,
    created: em.clock.now(),
  };
  em.store.paymentMethods.set(method.id, method);
  return method;
}

export function registerPaymentMethodRoutes(router: ApiRouter): void {
  router.add("GET", "/v1/payment_methods/:id", ({ em, path }) => em.store.paymentMethod(path.id ?? ""));
}
