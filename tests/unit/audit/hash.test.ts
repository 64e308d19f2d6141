import { describe, expect, it } from "vitest";
import { auditHash, canonicalJson, GENESIS_HASH } from "@/lib/audit/log";

const entry = {
  prevHash: GENESIS_HASH,
  at: new Date("2026-01-02T03:04:05.678Z"),
  actorId: "u1",
  actorEmail: "admin@example.com",
  action: "rules.save",
  target: "rule:ip-country-mismatch",
  detail: canonicalJson({ after: { enabled: true }, before: { enabled: false } }),
  ip: "203.0.113.7",
};

describe("audit hashing", () => {
  it("canonical JSON sorts keys at every level, so key order never changes a hash", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("is a stable SHA-256 hex digest", () => {
    expect(auditHash(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...entry })).toBe(auditHash(entry));
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
  ] as const)("changes when %s changes", (field, value) => {
    expect(auditHash({ ...entry, [field]: value })).not.toBe(auditHash(entry));
  });

  it("keeps fields apart: moving text from one field to the next changes the hash", () => {
    expect(auditHash({ ...entry, action: "a", target: "bc" })).not.toBe(auditHash({ ...entry, action: "ab", target: "c" }));
  });
});
