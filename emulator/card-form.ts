// Validation of the hosted payment form. The card number and CVC are read, checked and
// returned to the caller for this one request; nothing here stores or echoes them.
import { normalizeCardNumber, passesLuhn } from "./cards";
import type { BillingDetails } from "./types";

export const COUNTRIES: ReadonlyArray<readonly [code: string, name: string]> = [
  ["AU", "Australia"],
  ["AT", "Austria"],
  ["BE", "Belgium"],
  ["BR", "Brazil"],
  ["CA", "Canada"],
  ["DK", "Denmark"],
  ["FI", "Finland"],
  ["FR", "France"],
  ["DE", "Germany"],
  ["IN", "India"],
  ["IE", "Ireland"],
  ["IT", "Italy"],
  ["JP", "Japan"],
  ["MX", "Mexico"],
  ["NL", "Netherlands"],
  ["NZ", "New Zealand"],
  ["NO", "Norway"],
  ["PL", "Poland"],
  ["PT", "Portugal"],
  ["SG", "Singapore"],
  ["ES", "Spain"],
  ["SE", "Sweden"],
  ["CH", "Switzerland"],
  ["GB", "United Kingdom"],
  ["US", "United States"],
];

export type FieldName =
  "email" | "cardNumber" | "expiry" | "cvc" | "name" | "line1" | "city" | "postalCode" | "country";

/** The fields that may be shown again after an error: never the card number or CVC. */
export interface KeptFields {
  email: string;
  expiry: string;
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

export type FormResult =
  | { ok: true; card: CardInput; billing: BillingDetails; kept: KeptFields }
  | { ok: false; errors: Partial<Record<FieldName, string>>; kept: KeptFields };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const field = (form: URLSearchParams, name: string, max = 200) => (form.get(name) ?? "").trim().slice(0, max);

function parseExpiry(raw: string, now: Date): { month: number; year: number } | string {
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(raw.replace(/\s+/g, " ").trim());
  if (!match)
    return raw === "" ? "Your card's expiration date is incomplete." : "Your card's expiration date is invalid.";
  const month = Number(match[1]);
  const yearPart = match[2] ?? "";
  const year = yearPart.length === 2 ? 2000 + Number(yearPart) : Number(yearPart);
  if (month < 1 || month > 12) return "Your card's expiration date is invalid.";
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  // A card is valid through the last day of its expiry month.
  if (year < thisYear || (year === thisYear && month < thisMonth)) return "Your card's expiration date is in the past.";
  if (year > thisYear + 50) return "Your card's expiration year is invalid.";
  return { month, year };
}

export function readPaymentForm(
  form: URLSearchParams,
  options: { now: Date; addressRequired: boolean; customerEmail?: string | null },
): FormResult {
  const kept: KeptFields = {
    // A session created with customer_email shows it read-only, and that email is the one the
    // payment carries, whatever a form posts (as on Stripe's hosted page).
    email: options.customerEmail ?? field(form, "email"),
    expiry: field(form, "card_expiry", 10),
    name: field(form, "cardholder_name"),
    line1: field(form, "address_line1"),
    city: field(form, "address_city"),
    postalCode: field(form, "address_postal_code", 20),
    country: field(form, "address_country", 2).toUpperCase(),
  };
  const errors: Partial<Record<FieldName, string>> = {};

  if (!EMAIL.test(kept.email))
    errors.email = kept.email ? "Your email address is invalid." : "Enter your email address.";

  const number = normalizeCardNumber(form.get("card_number") ?? "");
  if (number === "") errors.cardNumber = "Your card number is incomplete.";
  else if (!/^\d+$/.test(number) || !passesLuhn(number)) errors.cardNumber = "Your card number is invalid.";

  const expiry = parseExpiry(kept.expiry, options.now);
  if (typeof expiry === "string") errors.expiry = expiry;

  const cvc = (form.get("card_cvc") ?? "").trim();
  if (!/^\d{3,4}$/.test(cvc))
    errors.cvc = cvc === "" ? "Your card's security code is incomplete." : "Your card's security code is invalid.";

  if (!kept.name) errors.name = "Enter the name on the card.";
  if (options.addressRequired) {
    if (!kept.line1) errors.line1 = "Enter your street address.";
    if (!kept.city) errors.city = "Enter your city.";
    if (!kept.postalCode) errors.postalCode = "Enter your postal code.";
  }
  if (!COUNTRIES.some(([code]) => code === kept.country)) errors.country = "Select your country.";

  if (Object.keys(errors).length > 0 || typeof expiry === "string") return { ok: false, errors, kept };
  return {
    ok: true,
    card: { number, expMonth: expiry.month, expYear: expiry.year },
    billing: {
      address: {
        city: kept.city || null,
        country: kept.country,
        line1: kept.line1 || null,
        line2: null,
        postal_code: kept.postalCode || null,
        state: null,
      },
      email: kept.email,
      name: kept.name,
      phone: null,
      tax_id: null,
    },
    kept,
  };
}
