import { describe, expect, it } from "vitest";
import { COUNTRIES } from "@/lib/checkout/countries";
import { checkPhone } from "@/lib/checkout/phone";
import { checkPostcode, POSTCODE_FORMATS } from "@/lib/checkout/postcodes";
import { checkoutSchema } from "@/lib/checkout/schemas";

const address = {
  email: "ada@example.com",
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "Berlin",
  country: "DE",
  postalCode: "10115",
};
/** The refusal's message, or null when the value was accepted. */
const refusal = (check: { ok: true } | { ok: false; message: string }) => (check.ok ? null : check.message);
const fieldErrors = (input: Record<string, string>) => {
  const result = checkoutSchema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("postal codes per country", () => {
  it("knows the format of every country the store ships to", () => {
    expect(Object.keys(POSTCODE_FORMATS).sort()).toEqual(Object.keys(COUNTRIES).sort());
  });

  it.each([
    ["US", "10001", "10001"],
    ["US", "10001 1234", "10001-1234"],
    ["DE", " 10115 ", "10115"],
    ["GB", "sw1a1aa", "SW1A 1AA"],
    ["GB", "m1 1ae", "M1 1AE"],
    ["CA", "k1a0b1", "K1A 0B1"],
    ["NL", "1011ab", "1011 AB"],
    ["IE", "d02x285", "D02 X285"],
    ["JP", "1000001", "100-0001"],
    ["BR", "01310100", "01310-100"],
    ["PL", "00950", "00-950"],
    ["PT", "1000 001", "1000-001"],
    ["SE", "11455", "114 55"],
    ["AU", "2000", "2000"],
  ])("%s accepts %j as %j", (country, raw, normalized) => {
    expect(checkPostcode(country, raw)).toEqual({ ok: true, postcode: normalized });
  });

  it.each([
    ["US", "ABCDEFG", /US ZIP code is 5 digits, or ZIP\+4/],
    ["US", "1234", /US ZIP code is 5 digits/],
    ["DE", "1", /German postcode \(PLZ\) is 5 digits/],
    ["DE", "101155", /5 digits/],
    ["GB", "12345", /UK postcode looks like SW1A 1AA/],
    ["CA", "12345", /letter, digit, letter/],
    ["NL", "0123 AB", /4 digits and 2 letters/],
    ["ES", "53001", /01000 to 52999/],
    ["AT", "10100", /Austrian postcode is 4 digits/],
  ])("%s refuses %j naming the real problem", (country, raw, message) => {
    expect(refusal(checkPostcode(country, raw))).toMatch(message);
  });

  it("refuses characters no postal code has, and an empty code", () => {
    expect(refusal(checkPostcode("US", "<script>"))).toMatch(/valid postal code: use only letters, digits/);
    expect(checkPostcode("DE", "  ")).toEqual({ ok: false, message: "Enter your postal code." });
  });
});

describe("phone numbers", () => {
  it("normalizes a national number of the shipping country to E.164", () => {
    expect(checkPhone("030 1234567", "DE")).toEqual({ ok: true, phone: "+49301234567" });
    expect(checkPhone("(212) 555-0123", "US")).toEqual({ ok: true, phone: "+12125550123" });
    expect(checkPhone("020 7946 0958", "GB")).toEqual({ ok: true, phone: "+442079460958" });
  });

  it("reads a +country number whatever the shipping country", () => {
    expect(checkPhone("+44 20 7946 0958", "US")).toEqual({ ok: true, phone: "+442079460958" });
  });

  it("says what is wrong with a bad number", () => {
    expect(refusal(checkPhone("12", "US"))).toMatch(/too short/);
    expect(refusal(checkPhone("2125550123999999", "US"))).toMatch(/too long/);
    expect(refusal(checkPhone("call me", "US"))).toMatch(/only digits/);
  });
});

describe("the checkout schema", () => {
  it("stores the postal code and the phone in their usual forms", () => {
    const parsed = checkoutSchema.parse({ ...address, country: "GB", postalCode: "sw1a1aa", phone: "020 7946 0958" });
    expect(parsed).toMatchObject({ postalCode: "SW1A 1AA", phone: "+442079460958" });
    expect(checkoutSchema.parse({ ...address, phone: "" }).phone).toBeUndefined();
  });

  it("checks the postal code against the country chosen", () => {
    expect(fieldErrors({ ...address, country: "US", postalCode: "ABCDEFG" })).toEqual({
      postalCode: "A US ZIP code is 5 digits, or ZIP+4 (like 10001 or 10001-1234).",
    });
    expect(fieldErrors({ ...address, country: "DE", postalCode: "1" })).toEqual({
      postalCode: "A German postcode (PLZ) is 5 digits, like 10115.",
    });
  });

  it("reports the postal code and phone together with every other error", () => {
    const errors = fieldErrors({ ...address, email: "not-an-email", city: "", postalCode: "1", phone: "12" });
    expect(Object.keys(errors)).toEqual(["email", "city", "postalCode", "phone"]);
  });
});
