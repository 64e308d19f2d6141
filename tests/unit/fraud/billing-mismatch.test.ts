import { describe, expect, it } from "vitest";

import { guestFacts, makeFacts, runRule } from "./facts";

const run = (patch: Parameters<typeof makeFacts>[0], thresholds = {}) =>
  runRule("billing-mismatch", makeFacts(patch), thresholds);

describe("billing-mismatch", () => {
  it("stays silent when billing agrees with the account, allowing formatting differences", () => {
    expect(run({})).toBeNull();
    expect(
      run({ billing: { name: "SMITH J.", email: " John@Example.COM ", phone: "(415) 555-0100", country: "us" } }),
    ).toBeNull();
  });

  it("lists each mismatching field with both values", () => {
    const hit = run({
      billing: { name: "Jane Doe", email: "jane@example.com", phone: "+44 20 7946 0958", country: "GB" },
    });
    expect(hit?.evidence["fields"]).toEqual(["name", "email", "phone", "country", "cardCountry"]);
    expect(hit?.evidence["mismatches"]).toEqual([
      { field: "name", billing: "Jane Doe", expected: "John Smith", source: "customer" },
      { field: "email", billing: "jane@example.com", expected: "john@example.com", source: "customer" },
      { field: "phone", billing: "+44 20 7946 0958", expected: "+1 415 555 0100", source: "customer" },
      { field: "country", billing: "GB", expected: "US", source: "customer" },
      { field: "cardCountry", billing: "GB", expected: "US", source: "card" },
    ]);
    expect(hit?.message).toBe(
      'Billing details do not match: name "Jane Doe" vs account name "John Smith"; email jane@example.com vs account email john@example.com; ' +
        "phone +44 20 7946 0958 vs account phone +1 415 555 0100; country GB vs signup country US; country GB vs card issued in US.",
    );
  });

  it.each([
    ["name", { name: "Jane Doe" }],
    ["email", { email: "other@example.com" }],
    ["phone", { phone: "+1 212 555 0199" }],
  ] as const)("fires on the %s alone", (field, billing) => {
    expect(run({ billing })?.evidence["fields"]).toEqual([field]);
  });

  it("fires when the billing country is neither the signup country nor the card's", () => {
    expect(run({ billing: { country: "DE" } })?.evidence["fields"]).toEqual(["country", "cardCountry"]);
  });

  it("fires when only the card's issuing country differs", () => {
    expect(run({ card: { country: "BR" } })?.evidence["fields"]).toEqual(["cardCountry"]);
  });

  it("compares only fields both sides have", () => {
    expect(run({ billing: { name: null, email: null, phone: null }, customer: { phone: null } })).toBeNull();
    expect(run({ billing: { phone: "+1 212 555 0199" }, customer: { phone: null } })).toBeNull();
    expect(run({ billing: { country: "GB" }, customer: { signupCountry: null }, card: { country: null } })).toBeNull();
    expect(run({ billing: { name: "" } })).toBeNull();
    expect(run({ order: { billing: null } })).toBeNull();
  });

  it("treats the same number with or without a country code or trunk zero as equal", () => {
    expect(run({ customer: { phone: "+44 20 7946 0958" }, billing: { phone: "020 7946 0958" } })).toBeNull();
    expect(run({ customer: { phone: "0044 20 7946 0958" }, billing: { phone: "+44 (20) 7946-0958" } })).toBeNull();
    // A 6-digit tail is too short to call the numbers the same.
    expect(run({ customer: { phone: "+1 415 555 0100" }, billing: { phone: "550100" } })?.evidence["fields"]).toEqual([
      "phone",
    ]);
  });

  it("checks only the email and the card country for guests", () => {
    expect(
      runRule("billing-mismatch", guestFacts({ billing: { name: "Jane Doe", email: "guest@example.com" } })),
    ).toBeNull();
    const hit = runRule("billing-mismatch", guestFacts({ billing: { email: "someone@else.com" } }));
    expect(hit?.evidence["mismatches"]).toEqual([
      { field: "email", billing: "someone@else.com", expected: "guest@example.com", source: "order" },
    ]);
    expect(hit?.message).toBe("Billing details do not match: email someone@else.com vs order email guest@example.com.");
  });

  it("needs minMismatches fields (N-1 silent, N fires)", () => {
    const two = { billing: { email: "jane@example.com", phone: "+1 212 555 0199" } };
    expect(run(two, { minMismatches: 3 })).toBeNull();
    expect(run(two, { minMismatches: 2 })?.evidence["fields"]).toEqual(["email", "phone"]);
  });

  it("can require the card-country mismatch (the checklist's strict reading)", () => {
    const strict = { requireCardCountryMismatch: true, minMismatches: 2 };
    expect(run({ billing: { email: "jane@example.com", phone: "+1 212 555 0199" } }, strict)).toBeNull();
    expect(run({ card: { country: "BR" } }, strict)).toBeNull();
    expect(
      run({ billing: { email: "jane@example.com" }, card: { country: "BR" } }, strict)?.evidence["fields"],
    ).toEqual(["email", "cardCountry"]);
  });
});
