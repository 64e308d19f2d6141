import { countSetting, thresholdsSchema } from "../thresholds";
import { defineRule } from "../types";
import type { RuleHit } from "../types";

// Orders above a total are held for a person to look at. Shipped disabled: it is the worked
// example in docs/forking.md ("Add a fraud rule"), and a store turns it on in /admin/rules.
export const highOrderAmount = defineRule({
  id: "high-order-amount",
  title: "Order total above a limit",
  weight: 10,
  schema: thresholdsSchema({
    // In minor units (cents), like every amount in the store.
    maxAmountCents: countSetting("Largest total without review (in cents)", 1, 100_000_000),
  }),
  defaults: { enabled: false, action: "HOLD", thresholds: { maxAmountCents: 100_000 } },
  evaluate({ order }, { maxAmountCents }): RuleHit | null {
    if (order.amountCents <= maxAmountCents) return null;
    return {
      evidence: { amountCents: order.amountCents, maxAmountCents, currency: order.currency },
      message: `Order total ${order.amountCents} exceeds the review limit of ${maxAmountCents} (minor units of ${order.currency.toUpperCase()}).`,
    };
  },
});
