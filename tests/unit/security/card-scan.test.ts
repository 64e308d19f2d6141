import { describe, expect, it } from "vitest";
import { findCardNumbers, luhnValid } from "@/lib/security/card-scan";

describe("card number scan", () => {
  it("checks Luhn", () => {
    expect(luhnValid("4242424242424242")).toBe(true);
    expect(luhnValid("4242424242424241")).toBe(false);
    expect(luhnValid("378282246310005")).toBe(true);
  });

  it("finds card numbers written plainly, with spaces or with dashes, inside other text", () => {
    expect(findCardNumbers("card=4242424242424242;")).toEqual(["4242424242424242"]);
    expect(findCardNumbers("paid with 4000 0000 0000 0002 today")).toContain("4000000000000002");
    expect(findCardNumbers("5555-5555-5555-4444")).toContain("5555555555554444");
    expect(findCardNumbers('{"n":"378282246310005"}')).toContain("378282246310005");
  });

  it("ignores what is not a card: short runs, Luhn failures, timestamps and ids", () => {
    expect(findCardNumbers("order 123456789012 at 1700000000000")).toEqual([]);
    // Digits inside a hex hash (this run passes Luhn and starts with 3) are not a card number.
    expect(findCardNumbers("e3b0c4300034844414538a9f")).toEqual([]);
    // A migration's timestamp that happens to pass Luhn is not a card number.
    expect(findCardNumbers("20261124161344_init")).toEqual([]);
    expect(findCardNumbers("4242424242424241")).toEqual([]);
    expect(findCardNumbers("last4 4242, exp 12/34, fingerprint Ab3dE5gH9jK1mN0p")).toEqual([]);
  });
});
