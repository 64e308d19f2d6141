import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from "libphonenumber-js/min";

// Phone numbers checked and normalized by libphonenumber-js ("min" metadata: the length rules of
// every country, which is what a shipping contact number needs). A number without a +country
// prefix is read as a number of the shipping country; a valid one is stored as E.164
// (+4930123456), so the fraud rules and carriers compare like with like.

export type PhoneCheck = { ok: true; phone: string } | { ok: false; message: string };

const REASONS: Record<string, string> = {
  TOO_SHORT: "This phone number is too short for the country. Check the digits, or start with + and the country code.",
  TOO_LONG: "This phone number is too long for the country. Check the digits, or start with + and the country code.",
  INVALID_LENGTH: "This phone number has the wrong number of digits for the country.",
  INVALID_COUNTRY: "Start the phone number with + and the country code, like +44 20 7946 0958.",
  NOT_A_NUMBER: "Enter a phone number with digits, like +1 212 555 0123.",
};

export function checkPhone(raw: string, country: string | undefined): PhoneCheck {
  const value = raw.trim();
  if (!/^\+?[0-9 ().-]+$/.test(value))
    return { ok: false, message: "A phone number uses only digits, spaces, brackets, dashes and a leading +." };
  const defaultCountry = country as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(value, defaultCountry);
  if (parsed?.isValid()) return { ok: true, phone: parsed.number };
  const reason = validatePhoneNumberLength(value, defaultCountry);
  return {
    ok: false,
    message:
      REASONS[reason ?? ""] ?? "Enter a valid phone number for the country, or start with + and the country code.",
  };
}
