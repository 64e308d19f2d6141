import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import type { Db } from "@/lib/db";
import { normalizeEmail } from "@/lib/fraud/normalize";

// When a customer deletes their account, the fraud rules lose their email and card fingerprints,
// so a fraudster could wipe their history and come back clean. What is kept instead is a keyed
// hash (HMAC-SHA256) of each normalized email and card fingerprint, in ErasedIdentity, for
// FRAUD_MEMORY_DAYS (default 730, about two chargeback windows). The key is derived from
// AUTH_SECRET (HKDF, its own label), so a copy of the database alone cannot test guessed emails
// against the hashes; rotating AUTH_SECRET forgets them all, which errs on the side of privacy.
// A rule asks `wasErased(db, key, kind, value)` with a new order's email or fingerprint: a match
// says "this identifier belonged to a deleted account", never whose.

export type ErasedKind = "EMAIL" | "CARD_FINGERPRINT";

const LABEL = "secure-store fraud memory v1";

/** The HMAC key for fraud memory, derived from AUTH_SECRET. */
export function fraudMemoryKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, Buffer.alloc(0), LABEL, 32));
}

function normalized(kind: ErasedKind, value: string): string | null {
  if (kind === "EMAIL") return normalizeEmail(value);
  const fingerprint = value.trim();
  return fingerprint === "" ? null : fingerprint;
}

/** The keyed hash (hex) of one identifier, or null for nothing usable. */
export function keyedIdentifierHash(key: Buffer, kind: ErasedKind, value: string): string | null {
  const text = normalized(kind, value);
  return text === null ? null : createHmac("sha256", key).update(`${kind}\0${text}`).digest("hex");
}

/** Stores (or extends) the keyed hashes of a deleted customer's identifiers. */
export async function rememberErased(
  db: Db,
  key: Buffer,
  entries: Array<{ kind: ErasedKind; value: string }>,
  { now, days }: { now: Date; days: number },
): Promise<number> {
  const expiresAt = new Date(now.getTime() + days * 86_400_000);
  const hashes = new Map<string, { kind: ErasedKind; keyedHash: string }>();
  for (const { kind, value } of entries) {
    const keyedHash = keyedIdentifierHash(key, kind, value);
    if (keyedHash) hashes.set(`${kind}:${keyedHash}`, { kind, keyedHash });
  }
  for (const { kind, keyedHash } of hashes.values()) {
    await db.erasedIdentity.upsert({
      where: { kind_keyedHash: { kind, keyedHash } },
      create: { kind, keyedHash, erasedAt: now, expiresAt },
      update: { erasedAt: now, expiresAt },
    });
  }
  return hashes.size;
}

/** Whether this email or card fingerprint belonged to an account deleted within FRAUD_MEMORY_DAYS. */
export async function wasErased(
  db: Db,
  key: Buffer,
  kind: ErasedKind,
  value: string,
  now = new Date(),
): Promise<boolean> {
  const keyedHash = keyedIdentifierHash(key, kind, value);
  if (!keyedHash) return false;
  const row = await db.erasedIdentity.findFirst({
    where: { kind, keyedHash, expiresAt: { gt: now } },
    select: { id: true },
  });
  return row !== null;
}
