import { compareNames, normalizeName } from "../names";
import { defineRule } from "../define-rule";
import { flagSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// The name on the card is not the customer's. Family cards make this happen legitimately, but a
// card in someone else's name is also what a stolen card looks like, so it holds by default and
// staff decide. Guests have no account name; the shipping name is the only stand-in. It is
// sometimes a gift recipient, but without it a guest escapes the check entirely, so it is
// compared by default too (a store that ships many gifts can switch it off).
export const cardholderNameMismatch = defineRule({
  id: "cardholder-name-mismatch",
  title: "Cardholder name differs from the customer's name",
  weight: 15,
  settings: {
    compareGuestShippingName: flagSetting({
      label: "Compare guests' shipping name",
      help: "Guests have no account name; their shipping name stands in for it (switch off if many orders are gifts).",
      default: true,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  evaluate({ order, customer }, { compareGuestShippingName }): RuleHit | null {
    const cardholderName = order.card?.cardholderName ?? null;
    const [customerName, source] = customer
      ? [customer.name, "account name"]
      : compareGuestShippingName
        ? [order.shipping.name, "shipping name"]
        : [null, null];
    if (customerName === null || source === null || compareNames(customerName, cardholderName) !== "mismatch")
      return null;
    return {
      evidence: {
        customerName,
        cardholderName,
        comparedWith: source,
        normalized: { customer: normalizeName(customerName), cardholder: normalizeName(cardholderName) },
      },
      message: `Cardholder name "${cardholderName}" does not match the ${source} "${customerName}".`,
    };
  },
});
