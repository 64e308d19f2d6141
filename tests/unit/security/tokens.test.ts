import { describe, expect, it } from "vitest";

import { hashToken, newToken, safeEqual } from "@/lib/security/tokens";

describe("newToken", () => {
  it("returns 32 random bytes as unpadded base64url by default", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const many = new Set(Array.from({ length: 200 }, () => newToken()));
    expect(many.size).toBe(200);
  });

  it("supports other sizes but refuses weak or invalid ones", () => {
    expect(Buffer.from(newToken(16), "base64url")).toHaveLength(16);
    expect(Buffer.from(newToken(48), "base64url")).toHaveLength(48);
    expect(() => newToken(15)).toThrow(RangeError);
    expect(() => newToken(0)).toThrow(RangeError);
    expect(() => newToken(20.5)).toThrow(RangeError);
  });
});

describe("hashToken", () => {
  it("is SHA-256 hex (FIPS 180-2 'abc' vector) and differs per token", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const t = newToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toBe(hashToken(newToken()));
  });
});

describe("safeEqual", () => {
  it("compares strings of any length without throwing", () => {
    const t = newToken();
    expect(safeEqual(t, `${t}`)).toBe(true);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual(t, t.slice(0, -1))).toBe(false);
    expect(safeEqual(t, `${t}x`)).toBe(false);
    expect(safeEqual("a", "b")).toBe(false);
    expect(safeEqual("", "a")).toBe(false);
    expect(safeEqual("é", "e\u0301")).toBe(false); // byte-exact, no normalization
  });
});
