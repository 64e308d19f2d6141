// Finds anything that looks like a payment card number: a run of 13–19 digits, optionally
// separated by single spaces or dashes, that passes the Luhn check and starts the way card
// networks' numbers start (Visa 4, Mastercard 51–55 and 22–27, Amex/Diners/JCB 3, Discover and
// UnionPay 6). The prefix keeps timestamps such as 1700000000000 or 20261124161344 from being
// flagged when they happen to pass Luhn (one in ten does).
// Used by the tests that prove no card number reaches the database, the logs or the emails.

const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3|6)/;
// A run must stand on its own: digits inside a longer word (hex hashes, ids, base64 tokens)
// are not a card number written down, and one in ten of those runs passes Luhn by chance.
const CANDIDATE = /(?<![0-9A-Za-z])(?:[0-9][ -]?){12,18}[0-9](?![0-9A-Za-z])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Every Luhn-valid 13–19 digit run in the text. */
export function findCardNumbers(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, "");
    if (luhnValid(digits) && CARD_PREFIX.test(digits)) found.add(digits);
  }
  return [...found];
}
