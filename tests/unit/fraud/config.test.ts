import { describe, expect, it } from "vitest";

import { DEFAULT_RULES, parseRuleConfig, parseThresholds, resolveRuleConfigs } from "@/lib/fraud/config";
import { AppError } from "@/lib/errors";
import { RULE_IDS, RULES } from "@/lib/fraud/rules";
import type { RuleId } from "@/lib/fraud/types";

function validationError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("VALIDATION");
    return error as AppError;
  }
  throw new Error("expected a validation error");
}

const defaultsOf = (id: RuleId) => DEFAULT_RULES.find((c) => c.id === id);

describe("DEFAULT_RULES", () => {
  // Derived, not hand-kept: a new rule needs no line here. What each rule ships with is in the
  // generated tables of README.md and lib/fraud/README.md (rule-docs.test.ts keeps them true).
  it("has one config per registered rule, in registry order, taken from the rule's own declaration", () => {
    expect(DEFAULT_RULES.map((c) => c.id)).toEqual([...RULE_IDS]);
    for (const config of DEFAULT_RULES) {
      const rule = RULES[config.id];
      expect(config).toEqual({
        id: rule.id,
        enabled: rule.defaults.enabled,
        action: rule.defaults.action,
        thresholds: rule.defaults.thresholds,
      });
      expect(Object.keys(config.thresholds)).toEqual(Object.keys(rule.settings));
      for (const [key, setting] of Object.entries(rule.settings))
        expect(config.thresholds[key]).toEqual(setting.default);
    }
  });

  // The six rules of the store owner's checklist (docs/architecture.md) are the store's
  // protection out of the box; rules added later may ship off and do not belong in this list.
  it("ships the checklist's rules and the decline rule enabled, every one holding", () => {
    const checklist = {
      "ip-country-mismatch": "HOLD",
      "billing-mismatch": "HOLD",
      "card-many-orders": "HOLD",
      "customer-many-cards": "HOLD",
      "shipping-billing-mismatch": "HOLD",
      "cardholder-name-mismatch": "HOLD",
      "declines-before-success": "HOLD",
    };
    for (const [id, action] of Object.entries(checklist))
      expect(defaultsOf(id as RuleId)).toMatchObject({ enabled: true, action });
  });

  it("ships the checklist's default thresholds", () => {
    expect(defaultsOf("card-many-orders")?.thresholds).toEqual({
      minOrders: 3,
      windowHours: 24,
      flagSharedCard: true,
      sharedCardWindowHours: 720,
    });
    expect(defaultsOf("customer-many-cards")?.thresholds).toEqual({ minCards: 3, windowHours: 168 });
    expect(defaultsOf("shipping-billing-mismatch")?.thresholds).toEqual({ comparePostalCodes: false });
  });

  it("defaults pass their own validation", () => {
    for (const config of DEFAULT_RULES)
      expect(parseThresholds(config.id, config.thresholds)).toEqual(config.thresholds);
  });

  it("cannot be mutated by a careless caller", () => {
    const first = DEFAULT_RULES[0];
    expect(() => {
      (first as { enabled: boolean }).enabled = false;
    }).toThrow(TypeError);
    expect(() => {
      (first?.thresholds as Record<string, unknown>)["includeGuests"] = false;
    }).toThrow(TypeError);
    const lists = DEFAULT_RULES.flatMap((c) =>
      Object.values(c.thresholds).filter((v): v is string[] => Array.isArray(v)),
    );
    for (const list of lists) expect(() => list.push("evil.example")).toThrow(TypeError);
  });
});

describe("parseThresholds", () => {
  it("accepts numbers and form strings, returning typed values", () => {
    expect(
      parseThresholds("card-many-orders", {
        minOrders: "5",
        windowHours: " 48 ",
        flagSharedCard: "off",
        sharedCardWindowHours: 8760,
      }),
    ).toEqual({
      minOrders: 5,
      windowHours: 48,
      flagSharedCard: false,
      sharedCardWindowHours: 8760,
    });
    expect(parseThresholds("shipping-billing-mismatch", { comparePostalCodes: "on" })).toEqual({
      comparePostalCodes: true,
    });
  });

  it("enforces N in 2..100 as a whole number", () => {
    const base = { windowHours: 24, flagSharedCard: true, sharedCardWindowHours: 720 };
    expect(parseThresholds("card-many-orders", { ...base, minOrders: 2 })).toMatchObject({ minOrders: 2 });
    expect(parseThresholds("card-many-orders", { ...base, minOrders: 100 })).toMatchObject({ minOrders: 100 });
    for (const bad of [1, 101, 2.5, "", "three", null, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = validationError(() => parseThresholds("card-many-orders", { ...base, minOrders: bad }));
      expect(error.fields).toEqual({ minOrders: "Orders per card must be a whole number from 2 to 100." });
      expect(error.message).toBe("Orders per card must be a whole number from 2 to 100.");
    }
  });

  it("enforces window hours in 1..720", () => {
    expect(parseThresholds("customer-many-cards", { minCards: 3, windowHours: 1 })).toEqual({
      minCards: 3,
      windowHours: 1,
    });
    expect(parseThresholds("customer-many-cards", { minCards: 3, windowHours: 720 })).toEqual({
      minCards: 3,
      windowHours: 720,
    });
    for (const bad of [0, 721, -5, 1.5]) {
      const error = validationError(() => parseThresholds("customer-many-cards", { minCards: 3, windowHours: bad }));
      expect(error.fields["windowHours"]).toBe(
        "Cards-per-customer window (hours) must be a whole number from 1 to 720.",
      );
    }
  });

  it("rejects flags that are not on/off", () => {
    const error = validationError(() =>
      parseThresholds("ip-country-mismatch", { includeGuests: "maybe", trustKnownCard: true }),
    );
    expect(error.fields).toEqual({ includeGuests: "Check guests must be on or off." });
  });

  it("requires every setting and rejects unknown ones", () => {
    expect(validationError(() => parseThresholds("customer-many-cards", { minCards: 3 })).fields).toHaveProperty(
      "windowHours",
    );
    const unknown = validationError(() =>
      parseThresholds("customer-many-cards", { minCards: 3, windowHours: 24, windowDays: 2 }),
    );
    expect(unknown.fields).toEqual({ form: "Unknown setting: windowDays." });
    expect(validationError(() => parseThresholds("customer-many-cards", "3")).fields).toEqual({
      form: "Settings must be a set of named values.",
    });
  });
});

describe("parseRuleConfig", () => {
  it("validates a whole admin submission", () => {
    expect(
      parseRuleConfig({
        id: "customer-many-cards",
        enabled: "on",
        action: "ALERT",
        thresholds: { minCards: "4", windowHours: "72" },
      }),
    ).toEqual({
      id: "customer-many-cards",
      enabled: true,
      action: "ALERT",
      thresholds: { minCards: 4, windowHours: 72 },
    });
  });

  it("keys errors by field, with thresholds nested", () => {
    expect(validationError(() => parseRuleConfig({ id: "nope" })).fields).toEqual({ id: "Choose a known rule." });
    const error = validationError(() =>
      parseRuleConfig({
        id: "customer-many-cards",
        enabled: true,
        action: "BLOCK",
        thresholds: { minCards: 1, windowHours: 24 },
      }),
    );
    expect(error.fields).toEqual({
      action: "Action must be ALERT or HOLD.",
      "thresholds.minCards": "Cards per customer must be a whole number from 2 to 100.",
    });
  });
});

describe("resolveRuleConfigs", () => {
  it("fills rules without a stored config from the defaults", () => {
    const { rules, issues } = resolveRuleConfigs([]);
    expect(rules.map((r) => [r.rule.id, r.enabled, r.action, r.thresholds])).toEqual(
      DEFAULT_RULES.map((c) => [c.id, c.enabled, c.action, c.thresholds]),
    );
    expect(issues).toEqual([]);
  });

  it("lays stored thresholds over the defaults and drops settings that no longer exist", () => {
    const { rules, issues } = resolveRuleConfigs([
      { id: "card-many-orders", enabled: true, action: "ALERT", thresholds: { minOrders: 5, retired: 1 } },
    ]);
    const resolved = rules.find((r) => r.rule.id === "card-many-orders");
    expect(resolved?.action).toBe("ALERT");
    expect(resolved?.thresholds).toEqual({
      minOrders: 5,
      windowHours: 24,
      flagSharedCard: true,
      sharedCardWindowHours: 720,
    });
    expect(issues).toEqual([]);
  });

  it("falls back to defaults, and reports, for unusable stored values", () => {
    const { rules, issues } = resolveRuleConfigs([
      { id: "card-many-orders", enabled: false, action: "BLOCK", thresholds: { minOrders: 1 } },
      { id: "card-many-orders", enabled: true, action: "ALERT", thresholds: {} },
      { id: "retired-rule", enabled: true, action: "HOLD", thresholds: {} },
      { id: "customer-many-cards", enabled: "yes" as unknown as boolean, action: "ALERT", thresholds: null },
    ]);
    const card = rules.find((r) => r.rule.id === "card-many-orders");
    expect(card).toMatchObject({ enabled: false, action: "HOLD", thresholds: { minOrders: 3 } });
    expect(rules.find((r) => r.rule.id === "customer-many-cards")).toMatchObject({
      enabled: true,
      action: "ALERT",
      thresholds: { minCards: 3, windowHours: 168 },
    });
    expect(issues).toEqual([
      { rule: "card-many-orders", message: "Duplicate config; the first one is used." },
      { rule: "retired-rule", message: "Unknown rule; its config is ignored." },
      { rule: "card-many-orders", message: 'Unknown action "BLOCK"; using HOLD.' },
      {
        rule: "card-many-orders",
        message: "Invalid thresholds (Orders per card must be a whole number from 2 to 100.); using the defaults.",
      },
      { rule: "customer-many-cards", message: 'Invalid "enabled" value; using true.' },
    ]);
  });
});
