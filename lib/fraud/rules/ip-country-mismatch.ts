import { normalizeCountry } from "../normalize";
import { defineRule } from "../define-rule";
import { flagSetting } from "../rule-settings";
import type { OrderFacts, RuleHit } from "../types";

// Did this account pay with this very card before (an earlier order, any time in the history
// the caller loaded)? Then an order from abroad with it is most likely the customer travelling,
// not someone who took over the account: a thief has the password, rarely the owner's card too.
function knownCard({ order, history }: OrderFacts): boolean {
  const fingerprint = order.card?.fingerprint;
  if (!fingerprint) return false;
  return history.customerCards.some(
    (c) => c.orderId !== order.id && c.fingerprint === fingerprint && c.createdAt.getTime() < order.createdAt.getTime(),
  );
}

// The order was placed from a different country than the customer is known to be in: for an
// account, the country it was opened from; for a guest, who has none, the countries of their
// earlier orders and, on a first order, the billing country and the card's issuing country.
// The classic account-takeover and stolen-card signal, so it holds by default. Silent when
// either side is unknown (a private or loopback address has no country).
export const ipCountryMismatch = defineRule({
  id: "ip-country-mismatch",
  title: "IP country differs from the customer's country",
  weight: 20,
  settings: {
    includeGuests: flagSetting({
      label: "Check guests",
      help: "Guests have no signup country: compare with their earlier orders' IP countries, or on a first order with the billing and card countries.",
      default: true,
    }),
    trustKnownCard: flagSetting({
      label: "Let a customer travel with a known card",
      help: "Stay silent when the account paid with this same card on an earlier order.",
      default: true,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  needs: ({ includeGuests, trustKnownCard }) => ({
    guestIpCountries: includeGuests,
    ...(trustKnownCard ? { customerCardsHours: 8760 } : {}),
  }),
  evaluate(facts, { includeGuests, trustKnownCard }): RuleHit | null {
    const { order, customer, history } = facts;
    const ipCountry = normalizeCountry(order.ipCountry);
    if (ipCountry === null) return null;

    if (customer) {
      const signupCountry = normalizeCountry(customer.signupCountry);
      if (signupCountry === null || signupCountry === ipCountry) return null;
      if (trustKnownCard && knownCard(facts)) return null;
      return {
        evidence: { ipCountry, signupCountry },
        message: `Order placed from an IP in ${ipCountry}, but the customer signed up from ${signupCountry}.`,
      };
    }

    if (!includeGuests) return null;
    const earlier = [...new Set(history.guestIpCountries.map(normalizeCountry))]
      .filter((c): c is string => c !== null)
      .sort();
    if (earlier.length > 0) {
      if (earlier.includes(ipCountry)) return null;
      return {
        evidence: { ipCountry, earlierOrderCountries: earlier },
        message: `Guest order placed from an IP in ${ipCountry}; earlier orders by this email came from ${earlier.join(", ")}.`,
      };
    }
    // A first-time guest: the payment's own countries are all there is to compare with.
    const billingCountry = normalizeCountry(order.billing?.country);
    const cardCountry = normalizeCountry(order.card?.country);
    const differing = [
      ...(billingCountry !== null && billingCountry !== ipCountry ? [`billing in ${billingCountry}`] : []),
      ...(cardCountry !== null && cardCountry !== ipCountry ? [`a card issued in ${cardCountry}`] : []),
    ];
    if (differing.length === 0) return null;
    return {
      evidence: { ipCountry, billingCountry, cardCountry },
      message: `Guest order placed from an IP in ${ipCountry}, with ${differing.join(" and ")}.`,
    };
  },
});
