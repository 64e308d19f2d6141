import { describe, expect, it } from "vitest";

import { DEFAULT_RULES } from "@/lib/fraud/config";
import { evaluateRules } from "@/lib/fraud/evaluate";
import { RULES } from "@/lib/fraud/rules";
import { HOLD_MULTIPLIER, riskScore, rulePoints } from "@/lib/fraud/score";
import type { RuleConfig } from "@/lib/fraud/types";

import { before, guestFacts, makeFacts, only } from "./facts";

// An order that trips each of the six checklist rules (docs/architecture.md) at once; rules that
// ship disabled do not run with DEFAULT_RULES.
const everything = makeFacts({
  order: { ipCountry: "NG" },
  billing: { name: "Jane Doe", country: "GB", postalCode: "EC1A 1BB" },
  card: { cardholderName: "Jane Doe", country: "BR" },
  history: {
    cardOrders: [
      { orderId: "c1", userId: "user_1", email: "john@example.com", createdAt: before(1) },
      { orderId: "c2", userId: "user_1", email: "john@example.com", createdAt: before(2) },
    ],
    customerCards: [
      { orderId: "k1", fingerprint: "fp_a", createdAt: before(3) },
      { orderId: "k2", fingerprint: "fp_b", createdAt: before(4) },
    ],
  },
});

describe("evaluateRules", () => {
  it("returns nothing for a clean order", () => {
    expect(evaluateRules(makeFacts(), DEFAULT_RULES)).toEqual({
      results: [],
      score: 0,
      hold: false,
      holdReasons: [],
      holdScore: 50,
      configIssues: [],
    });
    expect(evaluateRules(guestFacts(), DEFAULT_RULES)).toEqual({
      results: [],
      score: 0,
      hold: false,
      holdReasons: [],
      holdScore: 50,
      configIssues: [],
    });
  });

  it("reports every triggered rule in registry order with action, points, evidence and message", () => {
    const { results, hold } = evaluateRules(everything, DEFAULT_RULES);
    expect(results.map((r) => [r.rule, r.action, r.points])).toEqual([
      ["ip-country-mismatch", "HOLD", 30],
      ["billing-mismatch", "HOLD", 30],
      ["card-many-orders", "HOLD", 45],
      ["customer-many-cards", "HOLD", 45],
      ["shipping-billing-mismatch", "HOLD", 15],
      ["cardholder-name-mismatch", "HOLD", 23],
    ]);
    for (const result of results) {
      expect(result.triggered).toBe(true);
      expect(result.message).toMatch(/\.$/);
      // Evidence is stored as JSON next to the order: it must survive a round trip unchanged.
      expect(JSON.parse(JSON.stringify(result.evidence))).toEqual(result.evidence);
    }
    expect(hold).toBe(true);
  });

  it("skips disabled rules", () => {
    const facts = makeFacts({ billing: { country: "GB" } });
    expect(evaluateRules(facts, only("shipping-billing-mismatch")).results.map((r) => r.rule)).toEqual([
      "shipping-billing-mismatch",
    ]);
    expect(evaluateRules(facts, only("shipping-billing-mismatch", { enabled: false })).results).toEqual([]);
    const allOff: RuleConfig[] = DEFAULT_RULES.map((c) => ({ ...c, enabled: false }));
    expect(evaluateRules(everything, allOff)).toEqual({
      results: [],
      score: 0,
      hold: false,
      holdReasons: [],
      holdScore: 50,
      configIssues: [],
    });
  });

  it("holds only when a triggered rule's action is HOLD", () => {
    const facts = makeFacts({ billing: { country: "GB" } });
    const alert = evaluateRules(facts, only("shipping-billing-mismatch", { action: "ALERT" }), { holdScore: null });
    expect(alert.hold).toBe(false);
    expect(alert.results[0]?.action).toBe("ALERT");
    const held = evaluateRules(facts, only("shipping-billing-mismatch", { action: "HOLD" }));
    expect(held.hold).toBe(true);
    expect(held.results[0]?.action).toBe("HOLD");
    expect(held.holdReasons).toEqual(["rule"]);
    // An enabled HOLD rule that does not fire holds nothing.
    const idleHold = only("shipping-billing-mismatch").map((c) =>
      c.id === "card-many-orders" ? { ...c, enabled: true } : c,
    );
    expect(idleHold.find((c) => c.id === "card-many-orders")).toMatchObject({ enabled: true, action: "HOLD" });
    expect(
      evaluateRules(
        facts,
        idleHold.map((c) => (c.id === "shipping-billing-mismatch" ? { ...c, action: "ALERT" as const } : c)),
      ),
    ).toMatchObject({ hold: false, results: [{ rule: "shipping-billing-mismatch", action: "ALERT" }] });
  });

  it("uses the configured thresholds", () => {
    const facts = makeFacts({
      history: { cardOrders: [{ orderId: "c1", userId: "user_1", email: "john@example.com", createdAt: before(1) }] },
    });
    expect(evaluateRules(facts, only("card-many-orders")).results).toEqual([]);
    expect(
      evaluateRules(facts, only("card-many-orders", { thresholds: { minOrders: 2 } })).results[0]?.evidence[
        "ordersInWindow"
      ],
    ).toBe(2);
  });

  it("runs rules missing from the configs with their defaults and reports unusable configs", () => {
    const facts = makeFacts({ billing: { country: "GB" } });
    const { results, configIssues } = evaluateRules(facts, [
      { id: "shipping-billing-mismatch", enabled: true, action: "SHOUT", thresholds: {} },
    ]);
    expect(results.map((r) => [r.rule, r.action])).toEqual([
      ["billing-mismatch", "HOLD"],
      ["shipping-billing-mismatch", "HOLD"],
    ]);
    expect(configIssues).toEqual([
      { rule: "shipping-billing-mismatch", message: 'Unknown action "SHOUT"; using HOLD.' },
    ]);
  });
});

describe("the hold score", () => {
  // Two rules that only alert: billing country vs card country (20) and the cardholder (15).
  const facts = makeFacts({ billing: { country: "GB" }, card: { cardholderName: "Jane Doe", country: "US" } });
  const alerts = DEFAULT_RULES.map((c) => ({ ...c, action: "ALERT" as const }));

  it("holds ALERT rules together once their combined score reaches it, and not one point below", () => {
    const at = evaluateRules(facts, alerts, { holdScore: 45 });
    expect(at.results.map((r) => r.rule)).toEqual([
      "billing-mismatch",
      "shipping-billing-mismatch",
      "cardholder-name-mismatch",
    ]);
    expect(at.score).toBe(45);
    expect(at).toMatchObject({ hold: true, holdReasons: ["score"], holdScore: 45 });
    expect(evaluateRules(facts, alerts, { holdScore: 46 })).toMatchObject({ score: 45, hold: false, holdReasons: [] });
  });

  it("is off when null: only HOLD rules hold", () => {
    expect(evaluateRules(facts, alerts, { holdScore: null })).toMatchObject({ hold: false, holdScore: null });
    expect(evaluateRules(facts, DEFAULT_RULES, { holdScore: null })).toMatchObject({
      hold: true,
      holdReasons: ["rule"],
    });
  });

  it("holds nothing on a clean order, whatever the threshold", () => {
    expect(evaluateRules(makeFacts(), alerts, { holdScore: 1 }).hold).toBe(false);
  });

  it("names both reasons when a HOLD rule fires and the score reaches the threshold", () => {
    expect(evaluateRules(facts, DEFAULT_RULES).holdReasons).toEqual(["rule", "score"]);
  });
});

describe("risk score", () => {
  it("adds each rule's weight, ×1.5 for HOLD, rounded per rule", () => {
    expect(HOLD_MULTIPLIER).toBe(1.5);
    expect(rulePoints(20, "ALERT")).toBe(20);
    expect(rulePoints(20, "HOLD")).toBe(30);
    expect(rulePoints(15, "HOLD")).toBe(23);
    expect(riskScore([{ points: 20 }, { points: 30 }])).toBe(50);
    expect(riskScore([])).toBe(0);
  });

  it("caps at 100", () => {
    expect(riskScore([{ points: 60 }, { points: 45 }])).toBe(100);
    expect(evaluateRules(everything, DEFAULT_RULES).score).toBe(100);
  });

  it("matches the sum of the reported points on a real evaluation", () => {
    const facts = makeFacts({ order: { ipCountry: "FR" }, card: { cardholderName: "Jane Doe" } });
    const evaluation = evaluateRules(facts, DEFAULT_RULES);
    expect(evaluation.results.map((r) => [r.rule, r.points])).toEqual([
      ["ip-country-mismatch", 30],
      ["cardholder-name-mismatch", 23],
    ]);
    expect(evaluation.score).toBe(53);
    // ip-country-mismatch holds by default.
    expect(evaluation.hold).toBe(true);
  });

  it("weighs the same rule more as HOLD than as ALERT", () => {
    const facts = makeFacts({ order: { ipCountry: "FR" } });
    const weight = RULES["ip-country-mismatch"].weight;
    expect(evaluateRules(facts, only("ip-country-mismatch", { action: "ALERT" })).score).toBe(weight);
    expect(evaluateRules(facts, only("ip-country-mismatch", { action: "HOLD" })).score).toBe(Math.round(weight * 1.5));
  });
});
