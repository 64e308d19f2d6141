// Argon2id with the OWASP Password Storage Cheat Sheet minimum (m=19 MiB, t=2, p=1).
// Kept apart from password.ts (which is server-only) so the seed script, which runs outside
// Next.js, hashes demo passwords with exactly the same parameters.
import type { Algorithm, Options } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum, which isolatedModules cannot read, hence the literal 2 (= Argon2id).
const ARGON2ID = 2 as Algorithm;

export const HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const satisfies Options;

// NIST SP 800-63B asks verifiers to normalize Unicode before hashing so the same password typed on
// different keyboards/OSes (composed vs decomposed accents) still matches.
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}
