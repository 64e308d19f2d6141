import { createHash, createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuditKeyError } from "@/lib/audit/keys";
import { auditHash, canonicalJson, GENESIS_HASH } from "@/lib/audit/log";
import { parseKeyringSpec } from "@/lib/security/crypto";

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const keys = parseKeyringSpec(`1:${key1.toString("base64")}`);
const rotated = parseKeyringSpec(`1:${key1.toString("base64")},2:${key2.toString("base64")}`);

const entry = {
  keyVersion: 1,
  prevHash: GENESIS_HASH,
  at: new Date("2026-01-02T03:04:05.678Z"),
  actorId: "u1",
  actorEmail: "admin@example.com",
  action: "rules.save",
  target: "rule:ip-country-mismatch",
  detail: canonicalJson({ after: { enabled: true }, before: { enabled: false } }),
  ip: "203.0.113.7",
};
const { keyVersion: _v, ...content } = entry;
const contentJson = canonicalJson({ ...content, at: entry.at.toISOString() });

describe("audit hashing", () => {
  it("canonical JSON sorts keys at every level, so key order never changes a hash", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("signs a keyed entry with HMAC-SHA256 under the key its version names, covering the version", () => {
    const expected = createHmac("sha256", key1)
      .update(canonicalJson({ purpose: "audit-entry", keyVersion: 1, ...content, at: entry.at.toISOString() }))
      .digest("hex");
    expect(auditHash(keys, entry)).toBe(expected);
    // Without the key, the plain hash a database writer can compute is something else.
    expect(auditHash(keys, entry)).not.toBe(createHash("sha256").update(contentJson).digest("hex"));
    expect(auditHash(parseKeyringSpec(`1:${randomBytes(32).toString("base64")}`), entry)).not.toBe(
      auditHash(keys, entry),
    );
  });

  it("verifies legacy version-0 entries with the plain SHA-256 they were written with", () => {
    expect(auditHash(keys, { ...entry, keyVersion: 0 })).toBe(createHash("sha256").update(contentJson).digest("hex"));
  });

  it("after a rotation, signs with the new key and still checks old entries with the old one", () => {
    expect(rotated.current).toBe(2);
    const old = auditHash(keys, entry);
    expect(auditHash(rotated, entry)).toBe(old);
    const renewed = auditHash(rotated, { ...entry, keyVersion: 2 });
    expect(renewed).toBe(
      createHmac("sha256", key2)
        .update(canonicalJson({ purpose: "audit-entry", keyVersion: 2, ...content, at: entry.at.toISOString() }))
        .digest("hex"),
    );
    // Relabelling an entry's version changes its MAC even under the same key bytes.
    const sameBytes = parseKeyringSpec(`1:${key1.toString("base64")},2:${key1.toString("base64")}`);
    expect(auditHash(sameBytes, { ...entry, keyVersion: 2 })).not.toBe(old);
  });

  it("names the missing key when an entry's version is not in the keyring", () => {
    const onlyNew = parseKeyringSpec(`2:${key2.toString("base64")}`);
    expect(() => auditHash(onlyNew, entry)).toThrow(AuditKeyError);
    expect(() => auditHash(onlyNew, entry)).toThrow(
      "signed with audit key v1, which is not in AUDIT_HMAC_KEYS (known: v2)",
    );
  });

  it.each([
    ["prevHash", "1".repeat(64)],
    ["at", new Date("2026-01-02T03:04:05.679Z")],
    ["actorId", null],
    ["actorEmail", "admin@example.org"],
    ["action", "rules.view"],
    ["target", null],
    ["detail", canonicalJson({ after: { enabled: false } })],
    ["ip", null],
  ] as const)("changes when %s changes, keyed or legacy", (field, value) => {
    expect(auditHash(keys, { ...entry, [field]: value })).not.toBe(auditHash(keys, entry));
    expect(auditHash(keys, { ...entry, keyVersion: 0, [field]: value })).not.toBe(
      auditHash(keys, { ...entry, keyVersion: 0 }),
    );
  });

  it("keeps fields apart: moving text from one field to the next changes the hash", () => {
    expect(auditHash(keys, { ...entry, action: "a", target: "bc" })).not.toBe(
      auditHash(keys, { ...entry, action: "ab", target: "c" }),
    );
  });
});
