import { describe, expect, it } from "vitest";

import { guestFacts, makeFacts, runRule } from "./facts";

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
    const hit = runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "NG" }, history: { guestIpCountries: ["us", "CA", "US"] } }));
    expect(hit?.evidence).toEqual({ ipCountry: "NG", earlierOrderCountries: ["CA", "US"] });
    expect(hit?.message).toContain("earlier orders by this email came from CA, US");
  });

  it("stays silent when the IP country is one of them", () => {
    expect(runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "CA" }, history: { guestIpCountries: ["US", "CA"] } }))).toBeNull();
  });

  it("is not evaluated for a first-time guest or unknown countries", () => {
    expect(runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "NG" } }))).toBeNull();
    expect(runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: "NG" }, history: { guestIpCountries: ["", " "] } }))).toBeNull();
    expect(runRule("ip-country-mismatch", guestFacts({ order: { ipCountry: null }, history: { guestIpCountries: ["US"] } }))).toBeNull();
  });

  it("skips guests when includeGuests is off", () => {
    const facts = guestFacts({ order: { ipCountry: "NG" }, history: { guestIpCountries: ["US"] } });
    expect(runRule("ip-country-mismatch", facts, { includeGuests: true })).not.toBeNull();
    expect(runRule("ip-country-mismatch", facts, { includeGuests: false })).toBeNull();
  });
});
