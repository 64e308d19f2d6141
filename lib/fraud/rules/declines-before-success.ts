import { firstFew, withinWindow } from "../normalize";
import { defineRule } from "../define-rule";
import { flagSetting, hoursSetting, numberSetting } from "../rule-settings";
import type { AttemptLink, RuleHit } from "../types";

// Declines, then a card that works: card testing, or a thief working through a list until one
// card passes. The declines count across cards and across checkouts, by the same account,
// normalized email, cart (checkout cookie) or, unless switched off, the same client address, so
// abandoning a checkout and starting another does not reset the count. Failures that say
// nothing about the card (a processing error) and canceled checkouts do not count.
export const declinesBeforeSuccess = defineRule({
  id: "declines-before-success",
  title: "Declined attempts before this payment",
  weight: 35,
  settings: {
    minDeclines: numberSetting({
      label: "Declines before a success",
      help: "Fire when this many declined attempts came before this payment within the window.",
      min: 1,
      max: 100,
      default: 3,
    }),
    windowHours: hoursSetting({ label: "Declines window", default: 24 }),
    countSameAddress: flagSetting({
      label: "Count declines from the same client address",
      help: "Also count declines by other shoppers from this order's exact client address (shared offices and carrier-grade NAT share addresses).",
      default: true,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  needs: ({ windowHours }) => ({ attemptsHours: windowHours }),
  evaluate({ order, history }, { minDeclines, windowHours, countSameAddress }): RuleHit | null {
    const links: readonly AttemptLink[] = countSameAddress
      ? ["account", "email", "cart", "ip"]
      : ["account", "email", "cart"];
    const declines = history.attempts.filter(
      (a) =>
        a.outcome === "DECLINED" &&
        withinWindow(a.at, order.assessedAt, windowHours) &&
        a.links.some((link) => links.includes(link)),
    );
    if (declines.length < minDeclines) return null;
    const cards = new Set(declines.map((a) => a.fingerprint).filter((f): f is string => f !== null));
    const checkouts = new Set(declines.map((a) => a.orderId));
    const codes = [...new Set(declines.map((a) => a.declineCode ?? "unknown"))].sort();
    const linkedBy = [...new Set(declines.flatMap((a) => a.links.filter((link) => links.includes(link))))].sort();
    return {
      evidence: {
        declines: declines.length,
        minDeclines,
        windowHours,
        distinctCards: cards.size,
        checkouts: checkouts.size,
        declineCodes: firstFew(codes),
        linkedBy,
        otherCheckoutIds: firstFew([...checkouts].filter((id) => id !== order.id)),
      },
      message: `${declines.length} declined attempt${declines.length === 1 ? "" : "s"} with ${cards.size} card${cards.size === 1 ? "" : "s"} over ${checkouts.size} checkout${checkouts.size === 1 ? "" : "s"} came before this payment within ${windowHours} h (threshold ${minDeclines}).`,
    };
  },
});
