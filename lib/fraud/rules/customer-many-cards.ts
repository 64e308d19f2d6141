import { firstFew, withinWindow } from "../normalize";
import { cardLabel } from "../card-label";
import { defineRule } from "../define-rule";
import { hoursSetting, numberSetting } from "../rule-settings";
import type { RuleHit } from "../types";

// One buyer trying card after card is how stolen card lists get tested. Every card tried counts,
// declined ones too: the cards of this account's and this email's other orders, and every card
// the provider saw on an attempt by the same account, email or cart (checkout cookie), so
// neither switching between account and guest checkout nor failing resets the count.
export const customerManyCards = defineRule({
  id: "customer-many-cards",
  title: "One customer using many cards",
  weight: 30,
  settings: {
    minCards: numberSetting({
      label: "Cards per customer",
      help: "Fire when one account or email uses this many different cards (this one included) within the window.",
      min: 2,
      max: 100,
      default: 3,
    }),
    windowHours: hoursSetting({ label: "Cards-per-customer window", default: 168 }),
  },
  defaults: { enabled: true, action: "HOLD" },
  needs: ({ windowHours }) => ({ customerCardsHours: windowHours, attemptsHours: windowHours }),
  evaluate({ order, history }, { minCards, windowHours }): RuleHit | null {
    const current = order.card?.fingerprint;
    // Without this card's fingerprint we cannot tell whether it is a new card or a known one.
    if (!current) return null;
    const fingerprints = new Set<string>([current]);
    const orderIds: string[] = [];
    for (const entry of history.customerCards) {
      if (
        entry.orderId === order.id ||
        !entry.fingerprint ||
        !withinWindow(entry.createdAt, order.createdAt, windowHours)
      )
        continue;
      if (!fingerprints.has(entry.fingerprint)) orderIds.push(entry.orderId);
      fingerprints.add(entry.fingerprint);
    }
    let tried = 0;
    for (const attempt of history.attempts) {
      if (!attempt.fingerprint || !withinWindow(attempt.at, order.assessedAt, windowHours)) continue;
      if (!attempt.links.some((link) => link === "account" || link === "email" || link === "cart")) continue;
      if (fingerprints.has(attempt.fingerprint)) continue;
      fingerprints.add(attempt.fingerprint);
      if (attempt.outcome !== "AUTHORIZED") tried++;
      if (attempt.orderId !== order.id && !orderIds.includes(attempt.orderId)) orderIds.push(attempt.orderId);
    }
    if (fingerprints.size < minCards) return null;
    return {
      // Fingerprints are provider ids, not card numbers, but staff gain nothing from them: counts
      // and the orders that introduced each other card are what they can act on.
      evidence: {
        distinctCards: fingerprints.size,
        cardsOnlyTried: tried,
        minCards,
        windowHours,
        otherCardOrderIds: firstFew(orderIds),
      },
      message: `This customer used ${fingerprints.size} different cards within ${windowHours} h (threshold ${minCards})${tried > 0 ? `, ${tried} of them only in declined or failed attempts` : ""}; this order used ${cardLabel(order.card).replace(/^The/, "the")}.`,
    };
  },
});
