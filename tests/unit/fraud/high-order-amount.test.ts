import { describe, expect, it } from "vitest";

import { evaluateRules } from "@/lib/fraud";
import { DEFAULT_RULES } from "@/lib/fraud/config";
import { RULES } from "@/lib/fraud/rules";

import { makeFacts, only, runRule } from "./facts";

// The worked example in docs/forking.md ("Add a fraud rule"): these are the tests the guide
// tells a fork to write for its own rule.
const run = (amountCents: number, thresholds = {}) =>
  runRule("high-order-amount", makeFacts({ order: { amountCents, currency: "usd" } }), thresholds);

describe("high-order-amount", () => {
  it("fires above the limit with the amounts as evidence", () => {
    const hit = run(100_001);
    expect(hit?.evidence).toEqual({ amountCents: 100_001, maxAmountCents: 100_000, currency: "usd" });
    expect(hit?.message).toBe("Order total 100001 exceeds the review limit of 100000 (minor units of USD).");
  });

  it("stays silent at or below the limit, and follows a configured limit", () => {
    expect(run(100_000)).toBeNull();
    expect(run(5_000)).toBeNull();
    expect(run(5_001, { maxAmountCents: 5_000 })).not.toBeNull();
  });

  it("ships disabled, so a fork's behaviour does not change until an admin turns it on", () => {
    expect(RULES["high-order-amount"].defaults).toMatchObject({ enabled: false, action: "HOLD" });
    const facts = makeFacts({ order: { amountCents: 10_000_000 } });
    expect(evaluateRules(facts, DEFAULT_RULES).results.map((r) => r.rule)).not.toContain("high-order-amount");
  });

  it("holds the order once enabled", () => {
    const outcome = evaluateRules(makeFacts({ order: { amountCents: 250_000 } }), only("high-order-amount"));
    expect(outcome.hold).toBe(true);
    expect(outcome.results).toEqual([
      expect.objectContaining({ rule: "high-order-amount", action: "HOLD", points: 15 }),
    ]);
  });

  it("rejects a limit outside 1 to 100,000,000 cents", () => {
    const schema = RULES["high-order-amount"].schema;
    expect(schema.safeParse({ maxAmountCents: "0" }).success).toBe(false);
    expect(schema.safeParse({ maxAmountCents: "250000" }).success).toBe(true);
  });
});
