import "server-only";

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Below 128 bits a guessable token would defeat the purpose (password reset, guest order links).
const MIN_TOKEN_BYTES = 16;

/** Random URL-safe token (base64url, no padding); 32 bytes = 256 bits by default. */
export function newToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > 1024) {
    throw new RangeError(`newToken: bytes must be an integer between ${MIN_TOKEN_BYTES} and 1024`);
  }
  return randomBytes(bytes).toString("base64url");
}

/**
 * SHA-256 hex of a token, for storage: a database leak then does not hand out working reset/order
 * links. A fast hash suffices because the tokens are random with ≥128 bits of entropy.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Constant-time string comparison for inputs of any length: hashing both sides first gives equal-length
 * buffers, so neither the content nor the length of the secret leaks through timing.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}
