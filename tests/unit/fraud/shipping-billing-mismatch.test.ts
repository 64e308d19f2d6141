import { describe, expect, it } from "vitest";

import { makeFacts, runRule } from "./facts";

const run = (patch: Parameters<typeof makeFacts>[0], thresholds = {}) =>
  runRule("shipping-billing-mismatch", makeFacts(patch), thresholds);

describe("shipping-billing-mismatch", () => {
  it("fires when the countries differ", () => {
    const hit = run({ billing: { country: "GB" } });
    expect(hit?.evidence).toEqual({ differs: ["country"], shippingCountry: "US", billingCountry: "GB" });
    expect(hit?.message).toBe("Shipping country US differs from billing country GB.");
  });

  it("stays silent when the countries agree (case-insensitively) or one is unknown", () => {
    expect(run({ billing: { country: "us" } })).toBeNull();
    expect(run({ billing: { country: null } })).toBeNull();
    expect(run({ order: { billing: null } })).toBeNull();
  });

  it("ignores postal codes by default", () => {
    expect(run({ billing: { postalCode: "10001" } })).toBeNull();
  });

  it("compares postal codes after normalizing spaces and case when asked", () => {
    const uk = {
      order: { shipping: { name: "A B", line1: "x", city: "London", postalCode: "SW1A 1AA", country: "GB" } },
    };
    expect(run({ ...uk, billing: { country: "GB", postalCode: "sw1a1aa" } }, { comparePostalCodes: true })).toBeNull();
    expect(
      run({ ...uk, billing: { country: "GB", postalCode: " SW1A  1AA " } }, { comparePostalCodes: true }),
    ).toBeNull();
    const hit = run({ ...uk, billing: { country: "GB", postalCode: "EC1A 1BB" } }, { comparePostalCodes: true });
    expect(hit?.evidence).toEqual({
      differs: ["postalCode"],
      shippingCountry: "GB",
      billingCountry: "GB",
      shippingPostalCode: "SW1A1AA",
      billingPostalCode: "EC1A1BB",
    });
    expect(hit?.message).toBe("Shipping postal code SW1A1AA differs from billing postal code EC1A1BB.");
  });

  it("skips the postal comparison when the billing postal code is missing", () => {
    expect(run({ billing: { postalCode: null } }, { comparePostalCodes: true })).toBeNull();
  });

  it("lists both differences when both differ", () => {
    const hit = run({ billing: { country: "CA", postalCode: "H2X 1Y4" } }, { comparePostalCodes: true });
    expect(hit?.evidence["differs"]).toEqual(["country", "postalCode"]);
    expect(hit?.message).toBe("Shipping country US differs from billing country CA, and so do the postal codes.");
  });
});
