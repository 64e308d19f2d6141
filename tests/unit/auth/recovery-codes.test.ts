import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode } from "@/lib/auth/recovery-codes";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const FORMAT = /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/;

describe("generateRecoveryCodes", () => {
  it("returns 10 codes by default, formatted xxxxx-xxxxx from the unambiguous alphabet", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(FORMAT);
    expect(new Set(codes).size).toBe(10);
  });

  it("honours n and refuses nonsense counts", () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(2.5)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(101)).toThrow(RangeError);
  });

  it("carries at least 50 bits per code (10 symbols from 32) and uses the whole alphabet", () => {
    expect(ALPHABET).toHaveLength(32);
    expect(new Set(ALPHABET).size).toBe(32);
    expect(10 * Math.log2(ALPHABET.length)).toBeGreaterThanOrEqual(50);
    const many = Array.from({ length: 20 }, () => generateRecoveryCodes(50)).flat();
    expect(new Set(many).size).toBe(many.length);
    const seen = new Set(many.join("").replace(/-/g, ""));
    // 10,000 symbols: missing any of the 32 would be astronomically unlikely if the generator is uniform.
    expect([...seen].sort().join("")).toBe(ALPHABET);
  });
});

describe("normalizeRecoveryCode / hashRecoveryCode", () => {
  it("treats case, dashes, spaces and look-alike letters as equivalent", () => {
    const canonical = "abcde0f1gh";
    const variants = ["abcde-0f1gh", "ABCDE-0F1GH", " abcde 0f1gh ", "abcdeOfIgh", "ABCDE-OFLGH", "abcde\u20100f1gh"];
    for (const v of variants) expect(normalizeRecoveryCode(v)).toBe(canonical);
    const expected = createHash("sha256").update(canonical).digest("hex");
    for (const v of variants) expect(hashRecoveryCode(v)).toBe(expected);
  });

  it("hashes generated codes to 64-char hex, distinct per code", () => {
    const codes = generateRecoveryCodes(10);
    const hashes = codes.map(hashRecoveryCode);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(hashes).size).toBe(codes.length);
    // A user typing the code in capitals without the dash still matches the stored hash.
    const first = codes[0] ?? "";
    expect(hashRecoveryCode(first.toUpperCase().replace("-", ""))).toBe(hashes[0]);
    expect(hashRecoveryCode(first.replace(/.$/, (c) => (c === "0" ? "2" : "0")))).not.toBe(hashes[0]);
  });
});
