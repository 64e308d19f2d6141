import { compareNames, normalizeName } from "../names";
import { defineRule } from "../define-rule";
import { flagSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// The name on the card is not the customer's. Gifts and family cards make this common, so ALERT
// by default. Guests have no account name; the shipping name is the only stand-in, and it is
// often a gift recipient, so comparing it is opt-in.
export const cardholderNameMismatch = defineRule({
  id: "cardholder-name-mismatch",
  title: "Cardholder name differs from the customer's name",
  weight: 15,
  settings: {
    compareGuestShippingName: flagSetting({
      label: "Compare guests' shipping name",
      help: "Guests have no account name; their shipping name is often a gift recipient's.",
      default: false,
    }),
  },
  defaults: { enabled: true, action: "ALERT" },
  evaluate({ order, customer }, { compareGuestShippingName }): RuleHit | null {
    const cardholderName = order.card?.cardholderName ?? null;
    const [customerName, source] = customer
      ? [customer.name, "account name"]
      : compareGuestShippingName
        ? [order.shipping.name, "shipping name"]
        : [null, null];
    if (customerName === null || source === null || compareNames(customerName, cardholderName) !== "mismatch") return null;
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
