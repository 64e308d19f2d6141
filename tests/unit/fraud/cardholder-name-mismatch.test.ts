import { describe, expect, it } from "vitest";

import { guestFacts, makeFacts, runRule } from "./facts";

describe("cardholder-name-mismatch", () => {
  it("fires when the cardholder is someone else", () => {
    const hit = runRule("cardholder-name-mismatch", makeFacts({ card: { cardholderName: "Jane Doe" } }));
    expect(hit?.evidence).toEqual({
      customerName: "John Smith",
      cardholderName: "Jane Doe",
      comparedWith: "account name",
      normalized: { customer: "john smith", cardholder: "jane doe" },
    });
    expect(hit?.message).toBe('Cardholder name "Jane Doe" does not match the account name "John Smith".');
  });

  it.each(["JOHN SMITH", "J. Smith", "Smith John", "John Q Smith"])("accepts %s for John Smith", (cardholderName) => {
    expect(runRule("cardholder-name-mismatch", makeFacts({ card: { cardholderName } }))).toBeNull();
  });

  it.each(["Jon Smith", "J. Doe"])("flags %s for John Smith (no fuzzy matching)", (cardholderName) => {
    expect(runRule("cardholder-name-mismatch", makeFacts({ card: { cardholderName } }))).not.toBeNull();
  });

  it("matches accented and unicode account names", () => {
    expect(
      runRule(
        "cardholder-name-mismatch",
        makeFacts({ customer: { name: "José Álvarez" }, card: { cardholderName: "JOSE ALVAREZ" } }),
      ),
    ).toBeNull();
    expect(
      runRule(
        "cardholder-name-mismatch",
        makeFacts({ customer: { name: "Иван Петров" }, card: { cardholderName: "ПЕТРОВ ИВАН" } }),
      ),
    ).toBeNull();
    expect(
      runRule(
        "cardholder-name-mismatch",
        makeFacts({ customer: { name: "Иван Петров" }, card: { cardholderName: "IVAN PETROV" } }),
      ),
    ).not.toBeNull();
  });

  it("is not evaluated when a name is missing or empty", () => {
    expect(runRule("cardholder-name-mismatch", makeFacts({ card: { cardholderName: null } }))).toBeNull();
    expect(runRule("cardholder-name-mismatch", makeFacts({ card: { cardholderName: "  " } }))).toBeNull();
    expect(
      runRule("cardholder-name-mismatch", makeFacts({ customer: { name: "" }, card: { cardholderName: "Jane Doe" } })),
    ).toBeNull();
    expect(runRule("cardholder-name-mismatch", makeFacts({ order: { card: null } }))).toBeNull();
  });

  it("compares guests against the shipping name by default, and not when switched off", () => {
    const facts = guestFacts({ card: { cardholderName: "Jane Doe" } });
    expect(runRule("cardholder-name-mismatch", facts, { compareGuestShippingName: false })).toBeNull();
    const hit = runRule("cardholder-name-mismatch", facts);
    expect(hit?.evidence["comparedWith"]).toBe("shipping name");
    expect(hit?.message).toBe('Cardholder name "Jane Doe" does not match the shipping name "John Smith".');
    expect(
      runRule("cardholder-name-mismatch", guestFacts({ card: { cardholderName: "J Smith" } }), {
        compareGuestShippingName: true,
      }),
    ).toBeNull();
  });
});
