import "server-only";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { parseKeyringSpec, type Keyring } from "@/lib/security/crypto";

// The audit chain's keys (AUDIT_HMAC_KEYS, `1:<key>,2:<key>`): the highest version signs new
// entries and checkpoints, each entry stores the version that signed it, and older versions stay
// only to verify what they signed. Without the key, a database writer cannot recompute a valid
// chain after editing it. Version 0 is no key: the plain SHA-256 of entries written before the
// chain was keyed, which still verify.

export const LEGACY_KEY_VERSION = 0;

const globalForAudit = globalThis as unknown as { auditKeyring?: Keyring };

/** The running store's audit keyring, from the validated environment. */
export function auditKeys(): Keyring {
  globalForAudit.auditKeyring ??= parseKeyringSpec(env().AUDIT_HMAC_KEYS);
  return globalForAudit.auditKeyring;
}

/**
 * Installs the keyring that auditKeys() returns, for processes that read their keys some other
 * way than the full server configuration: `npm run audit:verify` and the test setup.
 */
export function installAuditKeys(keyring: Keyring): void {
  globalForAudit.auditKeyring = keyring;
}

export class AuditKeyError extends Error {
  override readonly name = "AuditKeyError";
  constructor(
    readonly version: number,
    known: number[],
  ) {
    super(
      `signed with audit key v${version}, which is not in AUDIT_HMAC_KEYS (known: ${known.length ? known.map((v) => `v${v}`).join(", ") : "none"}); put that key back to verify it`,
    );
  }
}

/** Hex MAC of `text` under key `version`; version 0 is the legacy unkeyed SHA-256. */
export function auditMac(keyring: Keyring, version: number, text: string): string {
  if (version === LEGACY_KEY_VERSION) return createHash("sha256").update(text).digest("hex");
  const key = keyring.key(version);
  if (!key) throw new AuditKeyError(version, keyring.versions);
  return createHmac("sha256", key).update(text).digest("hex");
}

/** Constant-time comparison of two hex digests (any length mismatch is false). */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
