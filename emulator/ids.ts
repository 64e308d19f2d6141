// Stripe-style identifiers: a type prefix followed by random base62 characters.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: reject the tail of the byte range so every character is equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export const newId = (prefix: string, length = 24): string => `${prefix}_${randomBase62(length)}`;

/** Checkout Session ids carry the mode like Stripe's do (cs_test_…) and are long. */
export const newSessionId = (): string => `cs_test_${randomBase62(58)}`;
