// Postal codes of the countries the store ships to (lib/checkout/countries.ts): what each one
// looks like, so a typo is caught at checkout with a message naming the real problem, and the
// code is stored in the country's usual format (carriers and the fraud rules compare them).

type Format = {
  /** The code with spaces and dashes removed, upper case. */
  compact: RegExp;
  /** Says what a valid code looks like, with an example. */
  expected: string;
  /** The usual written form of a valid compact code. */
  format?: (compact: string) => string;
};

const digits = (n: number, expected: string): Format => ({ compact: new RegExp(`^\\d{${n}}$`), expected });
const split = (at: number, separator: string) => (c: string) => `${c.slice(0, at)}${separator}${c.slice(at)}`;

export const POSTCODE_FORMATS: Record<string, Format> = {
  AU: digits(4, "An Australian postcode is 4 digits, like 2000."),
  AT: digits(4, "An Austrian postcode is 4 digits, like 1010."),
  BE: digits(4, "A Belgian postcode is 4 digits, like 1000."),
  BR: { compact: /^\d{8}$/, expected: "A Brazilian CEP is 8 digits, like 01310-100.", format: split(5, "-") },
  CA: {
    compact: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/,
    expected: "A Canadian postal code is letter, digit, letter, digit, letter, digit, like K1A 0B1.",
    format: split(3, " "),
  },
  DK: digits(4, "A Danish postcode is 4 digits, like 1050."),
  FI: digits(5, "A Finnish postcode is 5 digits, like 00100."),
  FR: digits(5, "A French postcode is 5 digits, like 75001."),
  DE: digits(5, "A German postcode (PLZ) is 5 digits, like 10115."),
  IE: {
    compact: /^([AC-FHKNPRTV-Y]\d{2}|D6W)[0-9AC-FHKNPRTV-Y]{4}$/,
    expected: "An Irish Eircode is 7 characters, like D02 X285.",
    format: split(3, " "),
  },
  IT: digits(5, "An Italian postcode (CAP) is 5 digits, like 00184."),
  JP: { compact: /^\d{7}$/, expected: "A Japanese postal code is 7 digits, like 100-0001.", format: split(3, "-") },
  MX: digits(5, "A Mexican postal code is 5 digits, like 06000."),
  NL: {
    compact: /^[1-9]\d{3}[A-Z]{2}$/,
    expected: "A Dutch postcode is 4 digits and 2 letters, like 1011 AB.",
    format: split(4, " "),
  },
  NZ: digits(4, "A New Zealand postcode is 4 digits, like 6011."),
  NO: digits(4, "A Norwegian postcode is 4 digits, like 0150."),
  PL: { compact: /^\d{5}$/, expected: "A Polish postcode is 5 digits, like 00-950.", format: split(2, "-") },
  PT: { compact: /^\d{7}$/, expected: "A Portuguese postcode is 7 digits, like 1000-001.", format: split(4, "-") },
  ES: {
    compact: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/,
    expected: "A Spanish postcode is 5 digits from 01000 to 52999, like 28001.",
  },
  SE: { compact: /^\d{5}$/, expected: "A Swedish postcode is 5 digits, like 114 55.", format: split(3, " ") },
  CH: digits(4, "A Swiss postcode is 4 digits, like 8001."),
  GB: {
    compact: /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/,
    expected: "A UK postcode looks like SW1A 1AA or M1 1AE.",
    format: (c) => `${c.slice(0, -3)} ${c.slice(-3)}`,
  },
  US: {
    compact: /^\d{5}(\d{4})?$/,
    expected: "A US ZIP code is 5 digits, or ZIP+4 (like 10001 or 10001-1234).",
    format: (c) => (c.length === 9 ? split(5, "-")(c) : c),
  },
};

const POSTCODE_CHARACTERS = "Enter a valid postal code: use only letters, digits, spaces and dashes.";

export type PostcodeCheck = { ok: true; postcode: string } | { ok: false; message: string };

/** Checks a postal code against its country's format; a valid one comes back in its usual form. */
export function checkPostcode(country: string, raw: string): PostcodeCheck {
  const value = raw.trim().toUpperCase();
  if (value === "") return { ok: false, message: "Enter your postal code." };
  if (!/^[A-Z0-9][A-Z0-9 -]*$/.test(value) || value.length > 12) return { ok: false, message: POSTCODE_CHARACTERS };
  const rule = POSTCODE_FORMATS[country];
  if (!rule) return { ok: true, postcode: value.replace(/\s+/g, " ") };
  const compact = value.replace(/[\s-]/g, "");
  if (!rule.compact.test(compact)) return { ok: false, message: rule.expected };
  return { ok: true, postcode: rule.format ? rule.format(compact) : compact };
}
