import { describe, expect, it } from "vitest";

import { AT, before, guestFacts, makeFacts, runRule } from "./facts";

const run = (...args: Parameters<typeof makeFacts>) => runRule("ip-country-mismatch", makeFacts(...args));

describe("ip-country-mismatch: customers", () => {
  it("fires when the IP country differs from the signup country", () => {
    const hit = run({ order: { ipCountry: "FR" } });
    expect(hit?.evidence).toEqual({ ipCountry: "FR", signupCountry: "US" });
    expect(hit?.message).toBe("Order placed from an IP in FR, but the customer signed up from US.");
  });

  it("stays silent when the countries agree, ignoring case and spaces", () => {
    expect(run({ order: { ipCountry: "us" } })).toBeNull();
    expect(run({ order: { ipCountry: " US " }, customer: { signupCountry: "us" } })).toBeNull();
  });

  it("is not evaluated when either country is unknown", () => {
    expect(run({ order: { ipCountry: null } })).toBeNull();
    expect(run({ order: { ipCountry: "" } })).toBeNull();
    expect(run({ order: { ipCountry: "FR" }, customer: { signupCountry: null } })).toBeNull();
  });

  it("ignores guest history for a signed-in customer", () => {
    expect(run({ order: { ipCountry: "US" }, history: { guestIpCountries: ["FR"] } })).toBeNull();
  });
});

describe("ip-country-mismatch: guests", () => {
  it("fires when the IP country is none of the earlier orders' countries", () => {
    const hit = runRule(
      "ip-country-mismatch",
      guestFacts({ order: { ipCountry: "NG" }, history: { guestIpCountries: ["us", "CA", "US"] } }),
    );
    expect(hit?.evidence).toEqual({ ipCountry: "NG", earlierOrderCountries: ["CA", "US"] });
    expect(hit?.message).toContain("earlier orders by this email came from CA, US");
  });

  it("stays silent when the IP country is one of them", () => {
    expect(
      runRule(
        "ip-country-mismatch",
        guestFacts({ order: { ipCountry: "CA" }, history: { guestIpCountries: ["US", "CA"] } }),
      ),
    ).toBeNull();
  });

  it("compares a first-time guest's IP country with the billing and card countries", () => {
    const hit = runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "DE" } }));
    expect(hit?.evidence).toEqual({ ipCountry: "DE", billingCountry: "US", cardCountry: "US" });
    expect(hit?.message).toBe("Guest order placed from an IP in DE, with billing in US and a card issued in US.");
    expect(
      runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "DE" }, billing: { country: "de" } }))?.message,
    ).toBe("Guest order placed from an IP in DE, with a card issued in US.");
    expect(
      runRule(
        "ip-country-mismatch",
        guestFacts({ order: { ipCountry: "DE" }, billing: { country: "DE" }, card: { country: "DE" } }),
      ),
    ).toBeNull();
    expect(
      runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "DE", billing: null, card: null } })),
    ).toBeNull();
    // Blank earlier countries are no history: the payment's countries are compared instead.
    expect(
      runRule(
        "ip-country-mismatch",
        guestFacts({ order: { ipCountry: "US" }, history: { guestIpCountries: ["", " "] } }),
      ),
    ).toBeNull();
  });

  it("is silent for unknown countries", () => {
    expect(
      runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: null }, history: { guestIpCountries: ["US"] } })),
    ).toBeNull();
  });

  it("skips guests when includeGuests is off", () => {
    const facts = guestFacts({ order: { ipCountry: "NG" }, history: { guestIpCountries: ["US"] } });
    expect(runRule("ip-country-mismatch", facts, { includeGuests: true })).not.toBeNull();
    expect(runRule("ip-country-mismatch", facts, { includeGuests: false })).toBeNull();
  });
});

describe("ip-country-mismatch: a customer travelling", () => {
  const abroad = (
    customerCards: Array<{ orderId: string; fingerprint: string | null; createdAt: Date }>,
    thresholds = {},
  ) =>
    runRule("ip-country-mismatch", makeFacts({ order: { ipCountry: "DE" }, history: { customerCards } }), thresholds);

  it("stays silent when the account paid with this same card before", () => {
    expect(abroad([{ orderId: "o1", fingerprint: "fp_main", createdAt: before(24 * 30) }])).toBeNull();
  });

  it("still fires for a new card, a card seen only later, or with the setting off", () => {
    expect(abroad([{ orderId: "o1", fingerprint: "fp_other", createdAt: before(24) }])?.evidence).toEqual({
      ipCountry: "DE",
      signupCountry: "US",
    });
    expect(abroad([{ orderId: "o1", fingerprint: "fp_main", createdAt: new Date(AT.getTime() + 1) }])).not.toBeNull();
    expect(abroad([{ orderId: "order_now", fingerprint: "fp_main", createdAt: before(1) }])).not.toBeNull();
    expect(
      abroad([{ orderId: "o1", fingerprint: "fp_main", createdAt: before(24) }], { trustKnownCard: false }),
    ).not.toBeNull();
  });
});
