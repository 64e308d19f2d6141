import { defineRule } from "../define-rule";
import { numberSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// Orders above a total are held for a person to look at. Shipped disabled, so a store that never
// opens /admin/rules keeps its behaviour; the limit depends on what the store sells.
export const highOrderAmount = defineRule({
  id: "high-order-amount",
  title: "Order total above a limit",
  weight: 10,
  settings: {
    // In minor units (cents), like every amount in the store.
    maxAmountCents: numberSetting({
      label: "Largest total without review",
      unit: "cents",
      help: "In the currency's minor unit: 100000 is 1,000.00.",
      min: 1,
      max: 100_000_000,
      default: 100_000,
    }),
  },
  defaults: { enabled: false, action: "HOLD" },
  evaluate({ order }, { maxAmountCents }): RuleHit | null {
    if (order.amountCents <= maxAmountCents) return null;
    return {
      evidence: { amountCents: order.amountCents, maxAmountCents, currency: order.currency },
      message: `Order total ${order.amountCents} exceeds the review limit of ${maxAmountCents} (minor units of ${order.currency.toUpperCase()}).`,
    };
  },
});
