import { describe, expect, it } from "vitest";
import {
  countriesSideBySide,
  countryName,
  riskBand,
  scoreBreakdown,
  signalChecklist,
  type EvidenceInput,
} from "@/lib/admin/evidence";
import { RULE_IDS } from "@/lib/fraud/rules";

const base: EvidenceInput = {
  riskScore: 30,
  totalCents: 5_000,
  ipCountry: "DE",
  shippingCountry: "US",
  shippingLine1: "1 Main St",
  shippingPostal: "10001",
  email: "alice@example.com",
  user: { name: "Alice Martin", signupCountry: "US" },
  payment: {
    cardFingerprint: "fp_1",
    cardCountry: "US",
    cardholderName: "Alice Martin",
    billingCountry: "US",
    billingLine1: "1 Main St",
    billingPostal: "10001",
  },
  fraudChecks: [
    {
      rule: "ip-country-mismatch",
      action: "HOLD",
      points: 30,
      message: "Order placed from an IP in DE, but the customer signed up from US.",
      evidence: { ipCountry: "DE", signupCountry: "US" },
    },
  ],
  enabledRules: new Set(RULE_IDS),
};

describe("signal checklist", () => {
  it("lists every rule once, the fired one first with its evidence, the rest passed", () => {
    const signals = signalChecklist(base);
    expect(signals.map((s) => s.rule).sort()).toEqual([...RULE_IDS].sort());
    expect(signals[0]).toMatchObject({
      rule: "ip-country-mismatch",
      status: "failed",
      points: 30,
      evidence: { ipCountry: "DE" },
    });
    expect(signals.slice(1).every((s) => s.status === "passed" && s.evidence === null)).toBe(true);
    expect(signals[0]?.title).not.toContain("-");
  });

  it("says unknown, not passed, when the facts are missing or the rule is off", () => {
    const signals = signalChecklist({
      ...base,
      fraudChecks: [],
      ipCountry: null,
      payment: null,
      enabledRules: new Set(RULE_IDS.filter((id) => id !== "high-order-amount")),
    });
    const status = Object.fromEntries(signals.map((s) => [s.rule, s.status]));
    expect(status["ip-country-mismatch"]).toBe("unknown");
    expect(status["card-many-orders"]).toBe("unknown");
    expect(status["cardholder-name-mismatch"]).toBe("unknown");
    expect(status["high-order-amount"]).toBe("unknown");
    expect(status["declines-before-success"]).toBe("passed");
    expect(signals.findIndex((s) => s.status === "passed")).toBeGreaterThan(
      signals.findLastIndex((s) => s.status === "unknown"),
    );
  });

  it("keeps a stored check of a rule that no longer exists", () => {
    const signals = signalChecklist({
      ...base,
      fraudChecks: [{ rule: "old-rule", action: "ALERT", points: 5, message: "Old.", evidence: {} }],
    });
    expect(signals.find((s) => s.rule === ("old-rule" as never))).toMatchObject({
      status: "failed",
      title: "old rule",
    });
  });
});

describe("risk band and score parts", () => {
  it("bands the score", () => {
    expect([
      riskBand(null),
      riskBand(0),
      riskBand(24),
      riskBand(25),
      riskBand(59),
      riskBand(60),
      riskBand(100),
    ]).toEqual(["low", "low", "low", "elevated", "elevated", "high", "high"]);
  });
  it("explains the score by its parts and says when it was capped", () => {
    const b = scoreBreakdown({
      riskScore: 100,
      fraudChecks: [
        ...base.fraudChecks,
        { rule: "card-many-orders", action: "HOLD", points: 45, message: "", evidence: {} },
        { rule: "customer-many-cards", action: "HOLD", points: 45, message: "", evidence: {} },
      ],
    });
    expect(b).toMatchObject({ score: 100, band: "high", capped: true });
    expect(b.parts.map((p) => p.points)).toEqual([30, 45, 45]);
  });
});

describe("countries side by side", () => {
  it("names each country and marks those unlike the shipping country", () => {
    const rows = countriesSideBySide(base);
    expect(rows.map((r) => [r.label, r.name, r.differs])).toEqual([
      ["Order placed from (IP)", "Germany", true],
      ["Account created from", "United States", false],
      ["Billing address", "United States", false],
      ["Shipping address", "United States", false],
      ["Card issued in", "United States", false],
    ]);
    expect(countriesSideBySide({ ...base, user: null }).find((r) => r.label === "Account created from")).toMatchObject({
      code: null,
      name: null,
      differs: false,
    });
  });
  it("leaves unknown codes as they are", () => {
    expect(countryName(" de ")).toBe("Germany");
    expect(countryName("XYZ")).toBe("XYZ");
    expect(countryName("")).toBeNull();
  });
});
