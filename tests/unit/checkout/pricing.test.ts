import { describe, expect, it } from "vitest";
import { COUNTRIES } from "@/lib/checkout/countries";
import { quote, refundedTaxShare, shippingOptions, TAX_RULES, taxOfAmount } from "@/lib/checkout/pricing";

describe("shipping and tax table (lib/checkout/pricing.ts)", () => {
  it("has a tax rule only for countries the store ships to, and prices both methods everywhere", () => {
    for (const country of Object.keys(TAX_RULES)) expect(COUNTRIES, country).toHaveProperty(country);
    for (const country of Object.keys(COUNTRIES)) {
      const [standard, express] = shippingOptions(country, 0, 10_000);
      expect(standard!.cents, country).toBeGreaterThan(0);
      expect(express!.cents, country).toBeGreaterThan(standard!.cents);
    }
    // Only Brazil has no rule: no tax line there.
    expect(Object.keys(COUNTRIES).filter((c) => !(c in TAX_RULES))).toEqual(["BR"]);
  });

  it("makes standard shipping free from the threshold, never express, and never when the threshold is 0", () => {
    expect(shippingOptions("FR", 9_999, 10_000).map((o) => o.cents)).toEqual([1500, 3500]);
    expect(shippingOptions("FR", 10_000, 10_000).map((o) => [o.cents, o.free])).toEqual([
      [0, true],
      [3500, false],
    ]);
    expect(shippingOptions("FR", 1_000_000, 0).map((o) => o.cents)).toEqual([1500, 3500]);
  });

  it("adds exclusive tax and keeps inclusive tax inside the total", () => {
    const lines = [{ unitPriceCents: 1999, quantity: 3 }];
    expect(quote({ country: "CA", method: "express", lines, freeShippingMinCents: 0 })).toMatchObject({
      subtotalCents: 5997,
      taxCents: 300,
      totalCents: 5997 + 3000 + 300,
    });
    expect(quote({ country: "CH", method: "standard", lines, freeShippingMinCents: 0 })).toMatchObject({
      taxCents: 449,
      totalCents: 5997 + 1500,
    });
    expect(taxOfAmount(5997, null)).toBe(0);
  });

  it("splits a line's tax over partial refunds so they add up to exactly the line's tax", () => {
    for (const [tax, quantity] of [
      [711, 2],
      [696, 3],
      [1, 3],
      [1000, 7],
    ] as const) {
      const shares: number[] = [];
      for (let done = 0; done < quantity; done++) shares.push(refundedTaxShare(tax, quantity, done, 1));
      expect(
        shares.reduce((a, b) => a + b, 0),
        `${tax} over ${quantity}`,
      ).toBe(tax);
      expect(refundedTaxShare(tax, quantity, 0, quantity)).toBe(tax);
    }
  });
});
