// Small comparisons shared by the rules. Each returns null for "unknown" so a rule can tell
// "different" from "nothing to compare" and stay silent on the latter.

const HOUR_MS = 3_600_000;

// ISO 3166 alpha-2 codes arrive in mixed case from providers and GeoIP; "" means unknown.
export function normalizeCountry(value: string | null | undefined): string | null {
  const code = value?.trim().toUpperCase() ?? "";
  return code === "" ? null : code;
}

export function normalizeEmail(value: string | null | undefined): string | null {
  const email = value?.trim().toLowerCase() ?? "";
  return email === "" ? null : email;
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
