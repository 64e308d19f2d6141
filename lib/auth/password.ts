import "server-only";

import { hash, parseOptions, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

import { HASH_OPTIONS, normalizePassword as normalize } from "./argon2-options";

export { passwordStrength } from "./password-strength";

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-limits";

// Hash of a random password nobody knows, produced with HASH_OPTIONS. Sign-in verifies against it
// when the email is unknown so that path costs the same Argon2 work as a real account (no timing
// oracle for account enumeration). A constant (not computed lazily) so even the first unknown-email
// request is not slower. A unit test checks its parameters still match HASH_OPTIONS.
export const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$lf8fV+QYyOPDfb+ghF1nkg$UdrIVps6AYXZfE+ovGcwtNdQWdUo1VrUFeAJObb2PNE";

export async function hashPassword(password: string): Promise<string> {
  return hash(normalize(password), HASH_OPTIONS);
}

/** False for a wrong password and also for a malformed stored hash (fail closed, never throw). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, normalize(password));
  } catch {
    return false;
  }
}

/** Burns the same Argon2 time as `verifyPassword` for a non-existent account; always false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}

/** True when a stored hash was made with weaker/different parameters: rehash after a successful sign-in. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const p = parseOptions(passwordHash);
    return (
      p.algorithm !== HASH_OPTIONS.algorithm ||
      p.memoryCost !== HASH_OPTIONS.memoryCost ||
      p.timeCost !== HASH_OPTIONS.timeCost ||
      p.parallelism !== HASH_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}

// The full ranked list (~49k entries, well above the 10k floor): a Set of that size is under a few MB
// and the lookup is O(1). Built on first use so importing this module stays cheap.
let commonPasswords: Set<string> | undefined;

function isCommonPassword(lowered: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return commonPasswords.has(lowered);
}

// Fragments shorter than this are not searched for inside the password: a 2-letter email local part
// ("jo@…") would otherwise forbid every password containing "jo".
const MIN_PERSONAL_FRAGMENT = 3;
// Individual words of a name / local part ("smith" from "Jane Smith") are only checked from this length,
// so short common syllables ("ann", "li") do not reject unrelated passwords.
const MIN_PERSONAL_WORD = 4;

function personalFragments(context: PasswordContext): string[] {
  const fragments = new Set<string>();
  const add = (value: string, minLength: number) => {
    if (value.length >= minLength) fragments.add(value);
  };
  const addAll = (raw: string) => {
    const lowered = normalize(raw).toLowerCase().trim();
    add(lowered, MIN_PERSONAL_FRAGMENT);
    add(lowered.replace(/[\s._+-]+/g, ""), MIN_PERSONAL_FRAGMENT);
    for (const word of lowered.split(/[\s._+-]+/)) add(word, MIN_PERSONAL_WORD);
  };
  const email = context.email?.trim();
  if (email) {
    const at = email.lastIndexOf("@");
    addAll(at > 0 ? email.slice(0, at) : email);
  }
  if (context.name) addAll(context.name);
  return [...fragments];
}

export type PasswordContext = { email?: string | null; name?: string | null };

/**
 * Server-side password policy (NIST SP 800-63B style: length + blocklist, no composition rules).
 * Returns null when acceptable, otherwise a message that can be shown to the user as is.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  // Cheap guard before normalizing: no legitimate password is this long in UTF-16 units.
  if (password.length > PASSWORD_MAX_LENGTH * 4) return tooLong();
  const normalized = normalize(password);
  // Count code points, not UTF-16 units, so an emoji counts as one character.
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters. A few random words make a long password that is easy to remember.`;
  }
  if (length > PASSWORD_MAX_LENGTH) return tooLong();
  const lowered = normalized.toLowerCase();
  if (isCommonPassword(lowered)) {
    return "This password appears in lists of commonly used or leaked passwords. Please choose a different one.";
  }
  if (personalFragments(context).some((fragment) => lowered.includes(fragment))) {
    return "Your password must not contain your name or email address.";
  }
  return null;
}

function tooLong(): string {
  return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
}
