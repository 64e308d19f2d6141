import type Stripe from "stripe";

// What the store keeps about a payment: provider ids and what the provider reports about the
// card. Never a card number or security code (the provider never sends them, and nothing here
// would store them).
export type CardFacts = {
  paymentMethodId: string | null;
  chargeId: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  cardExpMonth: number | null;
  cardExpYear: number | null;
  cardCountry: string | null;
  cardFingerprint: string | null;
  cardholderName: string | null;
  billingEmail: string | null;
  billingPhone: string | null;
  billingLine1: string | null;
  billingLine2: string | null;
  billingCity: string | null;
  billingPostal: string | null;
  billingCountry: string | null;
  captureBefore: Date | null;
};

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

export function cardFacts(pi: Stripe.PaymentIntent): CardFacts {
  const pm = typeof pi.payment_method === "object" ? pi.payment_method : null;
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  const card = pm?.card;
  const billing = pm?.billing_details ?? charge?.billing_details;
  const captureBefore = charge?.payment_method_details?.card?.capture_before;
  return {
    paymentMethodId: idOf(pi.payment_method),
    chargeId: idOf(pi.latest_charge),
    cardBrand: card?.brand ?? null,
    cardLast4: card?.last4 ?? null,
    cardExpMonth: card?.exp_month ?? null,
    cardExpYear: card?.exp_year ?? null,
    cardCountry: card?.country ?? null,
    cardFingerprint: card?.fingerprint ?? null,
    cardholderName: billing?.name ?? null,
    billingEmail: billing?.email ?? null,
    billingPhone: billing?.phone ?? null,
    billingLine1: billing?.address?.line1 ?? null,
    billingLine2: billing?.address?.line2 ?? null,
    billingCity: billing?.address?.city ?? null,
    billingPostal: billing?.address?.postal_code ?? null,
    billingCountry: billing?.address?.country ?? null,
    captureBefore: captureBefore ? new Date(captureBefore * 1000) : null,
  };
}
