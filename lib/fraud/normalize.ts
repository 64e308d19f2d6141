// Small comparisons shared by the rules. Each returns null for "unknown" so a rule can tell
// "different" from "nothing to compare" and stay silent on the latter.

const HOUR_MS = 3_600_000;

// ISO 3166 alpha-2 codes arrive in mixed case from providers and GeoIP; "" means unknown.
export function normalizeCountry(value: string | null | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? "";
  return code === "" ? null : code;
}

// Providers that deliver "a.l.i.c.e@gmail.com" to "alice@gmail.com"; googlemail.com is the same
// mailbox as gmail.com.
const DOTLESS_DOMAINS: Record<string, string> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

/**
 * One mailbox, one spelling: lower case, no "+tag" (sub-addressing, which most providers deliver
 * to the same inbox), and for Gmail no dots in the local part. Rules that count customers by
 * email use this, so "alice+1@gmail.com" and "A.lice@googlemail.com" are one customer.
 * Returns null for nothing usable.
 */
export function normalizeEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase() ?? "";
  if (email === "") return null;
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return email;
  const domain = email.slice(at + 1);
  let local = email.slice(0, at);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) return `${local.replaceAll(".", "")}@${dotless}`;
  return `${local}@${domain}`;
}

// Postal codes compared after removing whitespace and case only ("sw1a 1aa" = "SW1A1AA").
export function normalizePostalCode(value: string | null | undefined): string | null {
  const code = value?.replace(/\s+/g, "").toUpperCase() ?? "";
  return code === "" ? null : code;
}

// Digits only, leading zeros dropped (international "00" and national trunk "0" prefixes).
function phoneDigits(value: string | null | undefined): string | null {
  const digits = (value ?? "").replace(/\D/g, "").replace(/^0+/, "");
  return digits === "" ? null : digits;
}

// Without a phone-number library we cannot parse country codes, so two numbers match when their
// digits are equal or one ends with the other and the shorter still has at least 7 digits
// ("+44 20 7946 0958" = "020 7946 0958"). This errs towards "same" to keep alerts meaningful.
// Returns null when either side has no digits.
export function phonesMatch(a: string | null | undefined, b: string | null | undefined): boolean | null {
  const x = phoneDigits(a);
  const y = phoneDigits(b);
  if (x === null || y === null) return null;
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.endsWith(short);
}

// Windows look back from the order being evaluated and include their far edge: an event exactly
// `hours` before `at` counts, one millisecond earlier does not. Events after `at` never count
// (they happened after this order, e.g. when an old order is re-evaluated).
export function withinWindow(time: Date, at: Date, hours: number): boolean {
  const t = time.getTime();
  const end = at.getTime();
  return t <= end && t >= end - hours * HOUR_MS;
}

export function windowStart(at: Date, hours: number): Date {
  return new Date(at.getTime() - hours * HOUR_MS);
}

// Keeps evidence small: staff see the first few items and the total count.
export function firstFew<T>(items: readonly T[], max = 10): T[] {
  return items.slice(0, max);
}
