import "server-only";

import { createHash, randomBytes } from "node:crypto";

// Crockford base32 (lower case): no i, l, o, u, so codes read aloud or copied by hand are unambiguous.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 2;
const GROUP_LENGTH = 5; // 2 × 5 chars × 5 bits = 50 bits per code.
const CODE_LENGTH = GROUPS * GROUP_LENGTH;
const MAX_CODES = 100;

/**
 * `n` distinct codes formatted `xxxxx-xxxxx`. Show them once; store only `hashRecoveryCode` output.
 */
export function generateRecoveryCodes(n = 10): string[] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CODES) {
    throw new RangeError(`generateRecoveryCodes: n must be an integer between 1 and ${MAX_CODES}`);
  }
  const codes = new Set<string>();
  while (codes.size < n) {
    // 32 divides 256, so masking a random byte to 5 bits is uniform (no modulo bias).
    const chars = [...randomBytes(CODE_LENGTH)].map((byte) => ALPHABET.charAt(byte & 31)).join("");
    codes.add(`${chars.slice(0, GROUP_LENGTH)}-${chars.slice(GROUP_LENGTH)}`);
  }
  return [...codes];
}

/**
 * Canonical form used for hashing: lower case, without spaces/dashes, with the letters Crockford
 * treats as look-alikes mapped to their digit (o→0, i/l→1), so "ABCDE-FGH1K", "abcde fghlk" and
 * "abcdefgh1k" are the same code.
 */
export function normalizeRecoveryCode(code: string): string {
  return code
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015]+/g, "")
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

/**
 * SHA-256 hex of the normalized code. A fast hash is deliberate: unlike passwords these codes are
 * machine-generated with 50 bits of entropy, so there is no dictionary to exploit and an offline
 * attacker with the database must still search ~2^49 hashes per code on average; the codes are also a
 * second factor (the Argon2-protected password is still needed) and single-use. A slow hash would only
 * add seconds of CPU to every recovery sign-in that checks several stored hashes.
 */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeRecoveryCode(code), "utf8").digest("hex");
}
