import { firstFew, withinWindow } from "../normalize";
import { countSetting, hoursSetting, thresholdsSchema } from "../thresholds";
import { defineRule } from "../types";
import type { RuleHit } from "../types";
import { cardLabel } from "./card-label";

// One buyer trying card after card is how stolen card lists get tested. The history holds the
// cards of this account's and this email's other orders, so switching between account and guest
// checkout does not reset the count.
export const customerManyCards = defineRule({
  id: "customer-many-cards",
  title: "One customer using many cards",
  weight: 30,
  schema: thresholdsSchema({
    minCards: countSetting("Cards per customer", 2, 100),
    windowHours: hoursSetting("Cards-per-customer window (hours)"),
  }),
  defaults: { enabled: true, action: "HOLD", thresholds: { minCards: 3, windowHours: 168 } },
  needs: ({ windowHours }) => ({ customerCardsHours: windowHours }),
  evaluate({ order, history }, { minCards, windowHours }): RuleHit | null {
    const current = order.card?.fingerprint;
    // Without this card's fingerprint we cannot tell whether it is a new card or a known one.
    if (!current) return null;
    const fingerprints = new Set<string>([current]);
    const orderIds: string[] = [];
    for (const entry of history.customerCards) {
      if (entry.orderId === order.id || !entry.fingerprint || !withinWindow(entry.createdAt, order.createdAt, windowHours)) continue;
      if (!fingerprints.has(entry.fingerprint)) orderIds.push(entry.orderId);
      fingerprints.add(entry.fingerprint);
    }
    if (fingerprints.size < minCards) return null;
    return {
      // Fingerprints are provider ids, not card numbers, but staff gain nothing from them: counts
      // and the orders that introduced each other card are what they can act on.
      evidence: { distinctCards: fingerprints.size, minCards, windowHours, otherCardOrderIds: firstFew(orderIds) },
      message: `This customer used ${fingerprints.size} different cards within ${windowHours} h (threshold ${minCards}); this order used ${cardLabel(order.card).replace(/^The/, "the")}.`,
    };
  },
});
