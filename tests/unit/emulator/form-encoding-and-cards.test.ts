import { describe, expect, it } from "vitest";
import { brandOf, fingerprintOf, passesLuhn } from "@/emulator/cards";
import { encodeForm, parseForm } from "@/emulator/form-encoding";
import { readPaymentForm } from "@/emulator/card-form";
import { formatAmount } from "@/emulator/money";

describe("Stripe form encoding", () => {
  it("parses nested brackets, indexed arrays and expand[]", () => {
    const parsed = parseForm(
      "mode=payment&line_items[0][price_data][currency]=usd&line_items[0][quantity]=2&line_items[1][quantity]=1" +
        "&metadata[order%20id]=a%26b&expand[]=payment_intent&expand[]=payment_intent.latest_charge",
    );
    expect(parsed).toEqual({
      mode: "payment",
      line_items: [{ price_data: { currency: "usd" }, quantity: "2" }, { quantity: "1" }],
      metadata: { "order id": "a&b" },
      expand: ["payment_intent", "payment_intent.latest_charge"],
    });
  });

  it("round-trips what encodeForm produces and rejects a key that is both value and hash", () => {
    const value = { a: { b: [{ c: "1" }, { c: "2" }] }, d: "x y" };
    expect(parseForm(encodeForm(value))).toEqual(value);
    expect(() => parseForm("a=1&a[b]=2")).toThrow(/Invalid hash/);
  });
});

describe("card facts", () => {
  it("checks Luhn and detects brands from the prefix", () => {
    expect(passesLuhn("4242424242424242")).toBe(true);
    expect(passesLuhn("4242424242424241")).toBe(false);
    expect(passesLuhn("42424242")).toBe(false);
    expect(brandOf("4242424242424242")).toBe("visa");
    expect(brandOf("5555555555554444")).toBe("mastercard");
    expect(brandOf("2223003122003222")).toBe("mastercard");
    expect(brandOf("378282246310005")).toBe("amex");
    expect(brandOf("6011111111111117")).toBe("discover");
    expect(brandOf("3566002020360505")).toBe("jcb");
  });

  it("fingerprints are keyed, stable, 16 url-safe characters and do not contain the number", () => {
    const a = fingerprintOf("4242424242424242", "key-1");
    expect(a).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(fingerprintOf("4242424242424242", "key-1")).toBe(a);
    expect(fingerprintOf("4242424242424242", "key-2")).not.toBe(a);
    expect(fingerprintOf("5555555555554444", "key-1")).not.toBe(a);
  });

  it("formats minor units with the currency", () => {
    expect(formatAmount(2999, "usd")).toBe("$29.99");
    expect(formatAmount(500, "jpy")).toBe("¥500");
    expect(formatAmount(1234, "eur")).toBe("€12.34");
  });
});

describe("payment form validation", () => {
  const now = new Date(Date.UTC(2030, 5, 15));
  const form = (overrides: Record<string, string>) =>
    new URLSearchParams({
      email: "a@example.com",
      card_number: "4242 4242 4242 4242",
      card_expiry: "06/30",
      card_cvc: "123",
      cardholder_name: "A B",
      address_country: "US",
      ...overrides,
    });

  it("accepts the current month and spaced card numbers", () => {
    const result = readPaymentForm(form({}), { now, addressRequired: false });
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.card).toEqual({
        number: "4242424242424242",
        expMonth: 6,
        expYear: 2030,
      });
  });

  it("rejects a past expiry, a bad CVC, a missing address when required, and an unknown country", () => {
    const result = readPaymentForm(form({ card_expiry: "05 / 30", card_cvc: "12", address_country: "ZZ" }), {
      now,
      addressRequired: true,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.expiry).toBe("Your card's expiration date is in the past.");
      expect(result.errors.cvc).toMatch(/security code/);
      expect(result.errors.line1).toBeDefined();
      expect(result.errors.country).toBe("Select your country.");
      expect(JSON.stringify(result.kept)).not.toContain("4242");
    }
  });
});
