import { describe, expect, it } from "vitest";
import {
  firedOnSide,
  refundReasonIsFraud,
  replayModes,
  replaySettings,
  tallyBacktest,
  wouldHold,
  type OrderOutcome,
} from "@/lib/fraud/backtest";
import { DEFAULT_RULES } from "@/lib/fraud/config";
import { RULES } from "@/lib/fraud/rules";
import type { RuleConfig, RuleId } from "@/lib/fraud/types";

// The backtest's counting: which orders each side holds from the rules recorded as fired, and
// the outcomes of the orders whose fate differs.

const withRule = (id: RuleId, change: Partial<RuleConfig>): RuleConfig[] =>
  DEFAULT_RULES.map((r) => (r.id === id ? { ...r, ...change } : r));
const allAlert = DEFAULT_RULES.map((r) => ({ ...r, action: "ALERT" as const }));
const none: OrderOutcome = { rejected: null, refundedAsFraud: false, disputed: false };

describe("wouldHold", () => {
  const defaults = replaySettings(DEFAULT_RULES, { holdScore: 50 });
  const alerting = replaySettings(allAlert, { holdScore: 50 });

  it("holds on a fired HOLD rule, on the score reaching the hold score, never with no rule fired", () => {
    expect(wouldHold(["shipping-billing-mismatch"], defaults)).toBe(true);
    expect(wouldHold([], defaults)).toBe(false);
    // ALERT points are the weights: 20 + 30 = 50 reaches 50; 20 + 10 = 30 does not.
    expect(wouldHold(["ip-country-mismatch", "card-many-orders"], alerting)).toBe(true);
    expect(wouldHold(["ip-country-mismatch", "shipping-billing-mismatch"], alerting)).toBe(false);
    expect(wouldHold(["ip-country-mismatch", "card-many-orders"], replaySettings(allAlert, { holdScore: null }))).toBe(
      false,
    );
  });

  it("ignores rules turned off, rules that no longer exist and a rule recorded twice", () => {
    const off = replaySettings(withRule("shipping-billing-mismatch", { enabled: false }), { holdScore: 50 });
    expect(wouldHold(["shipping-billing-mismatch"], off)).toBe(false);
    expect(wouldHold(["a-removed-rule"], defaults)).toBe(false);
    // 10 + 10 would be 20 if counted twice; once it is 10, below a hold score of 15.
    expect(
      wouldHold(
        ["shipping-billing-mismatch", "shipping-billing-mismatch"],
        replaySettings(allAlert, { holdScore: 15 }),
      ),
    ).toBe(false);
  });
});

describe("tallyBacktest", () => {
  it("counts more and fewer held and the outcomes of each group", () => {
    const current = replaySettings(allAlert, { holdScore: 50 });
    const proposed = replaySettings(allAlert, { holdScore: 30 });
    const orders = [
      { id: "a", recorded: ["card-many-orders"] }, // 30: held only at 30
      { id: "b", recorded: ["card-many-orders", "ip-country-mismatch"] }, // 50: held by both
      { id: "c", recorded: ["ip-country-mismatch"] }, // 20: held by neither
      { id: "d", recorded: ["customer-many-cards"] }, // 30: held only at 30
      { id: "e", recorded: ["declines-before-success"] }, // 35: held only at 30
    ];
    const outcomes = new Map<string, OrderOutcome>([
      ["a", { rejected: { reason: "stolen-card" }, refundedAsFraud: false, disputed: true }],
      ["b", { rejected: { reason: "suspected-fraud" }, refundedAsFraud: false, disputed: false }],
      ["d", { rejected: null, refundedAsFraud: true, disputed: false }],
      ["e", { rejected: { reason: null }, refundedAsFraud: false, disputed: false }],
    ]);
    const tally = tallyBacktest(40, orders, outcomes, current, proposed);
    expect(tally).toEqual({
      assessed: 40,
      heldCurrent: 1,
      heldProposed: 4,
      more: {
        orders: 3,
        rejected: 2,
        rejectedByReason: { "stolen-card": 1, none: 1 },
        refundedAsFraud: 1,
        disputed: 1,
        withAnyOutcome: 3,
      },
      fewer: { orders: 0, rejected: 0, rejectedByReason: {}, refundedAsFraud: 0, disputed: 0, withAnyOutcome: 0 },
    });
    // The reverse change: the same orders, now fewer held.
    const back = tallyBacktest(40, orders, outcomes, proposed, current);
    expect(back.fewer).toEqual(tally.more);
    expect(back.more.orders).toBe(0);
  });

  it("uses the re-evaluated hits of each side for re-evaluated rules, the recorded ones for the rest", () => {
    const settings = replaySettings(withRule("high-order-amount", { enabled: true }), { holdScore: 50 });
    const order = {
      id: "x",
      recorded: ["high-order-amount", "ip-country-mismatch"],
      reevaluated: { current: ["high-order-amount"], proposed: [] },
    };
    const reevaluated = new Set(["high-order-amount"]);
    expect(firedOnSide(order, "current", reevaluated).sort()).toEqual(["high-order-amount", "ip-country-mismatch"]);
    expect(firedOnSide(order, "proposed", reevaluated)).toEqual(["ip-country-mismatch"]);
    const onlyAmount = {
      id: "y",
      recorded: ["high-order-amount"],
      reevaluated: { current: ["high-order-amount"], proposed: [] },
    };
    const tally = tallyBacktest(2, [order, onlyAmount], new Map([["y", none]]), settings, settings, reevaluated);
    expect([tally.heldCurrent, tally.heldProposed, tally.fewer.orders, tally.fewer.withAnyOutcome]).toEqual([
      2, 1, 1, 0,
    ]);
  });
});

describe("replayModes", () => {
  // As the store decides it (lib/fraud/backtest-data.ts): a rule without history needs.
  const ownRecord = (id: RuleId) => RULES[id].needs === undefined;

  it("replays actions and turning off from the record, re-runs own-record rules, and names history rules it cannot replay", () => {
    const proposed = withRule("card-many-orders", { action: "ALERT" })
      .map((r) => (r.id === "high-order-amount" ? { ...r, enabled: true } : r))
      .map((r) => (r.id === "declines-before-success" ? { ...r, thresholds: { ...r.thresholds, minDeclines: 5 } } : r))
      .map((r) =>
        r.id === "shipping-billing-mismatch" ? { ...r, enabled: false, thresholds: { comparePostalCodes: true } } : r,
      );
    const modes = replayModes(DEFAULT_RULES, proposed, ownRecord);
    expect(Object.fromEntries([...modes].filter(([, m]) => m !== "recorded"))).toEqual({
      "high-order-amount": "re-evaluated",
      "declines-before-success": "not-replayed",
    });
    expect(modes.get("card-many-orders")).toBe("recorded");
    expect(modes.get("shipping-billing-mismatch")).toBe("recorded");
  });
});

describe("refundReasonIsFraud", () => {
  it("reads fraud in the reason staff wrote, in any case", () => {
    expect(refundReasonIsFraud("Fraudulent order, card reported stolen")).toBe(true);
    expect(refundReasonIsFraud("suspected FRAUD")).toBe(true);
    expect(refundReasonIsFraud("Customer changed their mind")).toBe(false);
  });
});
