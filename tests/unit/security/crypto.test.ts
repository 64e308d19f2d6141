import { randomBytes } from "node:crypto";
import { inspect } from "node:util";

import { describe, expect, it } from "vitest";

import {
  SecretCryptoError,
  createKeyring,
  decryptSecret,
  encryptSecret,
  needsReencrypt,
  parseKeyringSpec,
  reencrypt,
} from "@/lib/security/crypto";

const K1 = randomBytes(32).toString("base64");
const K2 = randomBytes(32).toString("base64");
const K3_HEX = randomBytes(32).toString("hex");
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const AAD = "user:42:totp";

function expectCode(fn: () => unknown, code: SecretCryptoError["code"]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SecretCryptoError);
  expect((caught as SecretCryptoError).code).toBe(code);
}

// Flip one bit of one byte inside part `index` (1 = iv, 2 = tag, 3 = ciphertext) of the payload.
function flip(payload: string, index: 1 | 2 | 3, byte = 0): string {
  const parts = payload.split(".");
  const buf = Buffer.from(parts[index] ?? "", "base64url");
  buf[byte] = (buf[byte] ?? 0) ^ 0x01;
  parts[index] = buf.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret / decryptSecret", () => {
  const ring = createKeyring({ current: 1, keys: { 1: K1 } });

  it("round-trips, with the documented payload format and a fresh IV each time", () => {
    const a = encryptSecret(ring, SECRET, AAD);
    const b = encryptSecret(ring, SECRET, AAD);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(decryptSecret(ring, a, AAD)).toBe(SECRET);
    expect(decryptSecret(ring, b, AAD)).toBe(SECRET);
    expect(a).not.toContain(SECRET);
  });

  it("round-trips Unicode and empty plaintexts, with and without AAD", () => {
    expect(decryptSecret(ring, encryptSecret(ring, "pässwörd 🔐"), undefined)).toBe("pässwörd 🔐");
    expect(decryptSecret(ring, encryptSecret(ring, ""))).toBe("");
  });

  it.each([
    ["iv", 1],
    ["tag", 2],
    ["ciphertext", 3],
  ] as const)("detects a flipped byte in the %s", (_part, index) => {
    const payload = encryptSecret(ring, SECRET, AAD);
    expectCode(() => decryptSecret(ring, flip(payload, index), AAD), "authentication-failed");
    expectCode(() => decryptSecret(ring, flip(payload, index, 5), AAD), "authentication-failed");
  });

  it("fails when the AAD differs or is missing", () => {
    const payload = encryptSecret(ring, SECRET, AAD);
    expectCode(() => decryptSecret(ring, payload, "user:43:totp"), "authentication-failed");
    expectCode(() => decryptSecret(ring, payload), "authentication-failed");
    expectCode(() => decryptSecret(ring, encryptSecret(ring, SECRET), AAD), "authentication-failed");
  });

  it("rejects malformed payloads, including a truncated tag", () => {
    const payload = encryptSecret(ring, SECRET);
    const [v, iv, tag, ct] = payload.split(".");
    for (const bad of [
      "",
      "garbage",
      payload.slice(1),
      `${v}.${iv}.${tag}`,
      `${v}.${iv}.${tag?.slice(0, 16)}.${ct}`,
      `${v}.${iv?.slice(0, 12)}.${tag}.${ct}`,
      `${v}.${iv}.${tag}.${ct}.extra`,
      `v0.${iv}.${tag}.${ct}`,
      `${v}.${iv}.${tag}.${ct}!`,
    ]) {
      expectCode(() => decryptSecret(ring, bad), "malformed");
    }
  });
});

describe("keys and keyrings", () => {
  it("accepts 32-byte keys as base64, base64url (unpadded) or hex", () => {
    const raw = randomBytes(32);
    for (const key of [
      raw.toString("base64"),
      raw.toString("base64url"),
      raw.toString("hex"),
      raw.toString("hex").toUpperCase(),
    ]) {
      const ring = createKeyring({ current: 7, keys: { 7: key } });
      expect(decryptSecret(ring, encryptSecret(ring, SECRET))).toBe(SECRET);
    }
    // Same bytes in different encodings are the same key.
    const a = createKeyring({
      current: 1,
      keys: { 1: raw.toString("base64") },
    });
    const b = createKeyring({ current: 1, keys: { 1: raw.toString("hex") } });
    expect(decryptSecret(b, encryptSecret(a, SECRET))).toBe(SECRET);
  });

  it("rejects keys that are not exactly 32 bytes or not cleanly encoded", () => {
    for (const key of [
      randomBytes(31).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(16).toString("hex"),
      randomBytes(48).toString("base64"), // 64 chars: must not be mistaken for hex
      `${K1.slice(0, 10)}*${K1.slice(11)}`,
      "",
      "password-password-password-pass",
    ]) {
      expectCode(() => createKeyring({ current: 1, keys: { 1: key } }), "invalid-key");
    }
  });

  it("requires the current version to exist and versions to be positive integers", () => {
    expectCode(() => createKeyring({ current: 2, keys: { 1: K1 } }), "invalid-key");
    expectCode(() => createKeyring({ current: 0, keys: { 0: K1 } }), "invalid-key");
  });

  it("never exposes key material when logged, serialized or in error messages", () => {
    const ring = createKeyring({ current: 1, keys: { 1: K1 } });
    const dumped = `${inspect(ring, { depth: 10, showHidden: true })} ${JSON.stringify(ring)} ${Object.prototype.toString.call(ring)}`;
    expect(dumped).not.toContain(K1);
    expect(dumped).not.toContain(Buffer.from(K1, "base64").toString("hex"));
    expect(JSON.parse(JSON.stringify(ring))).toEqual({
      current: 1,
      versions: [1],
    });
    const badKey = K1.slice(0, 40);
    let caught: unknown;
    try {
      parseKeyringSpec(`1:${badKey}`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretCryptoError);
    expect(`${String(caught)} ${(caught as Error).stack ?? ""}`).not.toContain(badKey);
  });

  it("parseKeyringSpec picks the highest version as current, regardless of order", () => {
    const ring = parseKeyringSpec(` 2:${K2} , 1:${K1},10:${K3_HEX}`);
    expect(ring.current).toBe(10);
    expect(ring.versions).toEqual([1, 2, 10]);
    expect(encryptSecret(ring, SECRET).startsWith("v10.")).toBe(true);
    expect(parseKeyringSpec(`1:${K1}`).current).toBe(1);
  });

  it("parseKeyringSpec rejects empty specs, duplicates and malformed entries", () => {
    for (const spec of ["", " , ", `1:${K1},1:${K2}`, K1, `x:${K1}`, `-1:${K1}`, `1:${K1},2:`]) {
      expectCode(() => parseKeyringSpec(spec), "invalid-key");
    }
  });
});

describe("rotation", () => {
  it("moves payloads to the new key while old ones stay readable until the old key is removed", () => {
    const v1Only = createKeyring({ current: 1, keys: { 1: K1 } });
    const old = encryptSecret(v1Only, SECRET, AAD);
    expect(needsReencrypt(v1Only, old)).toBe(false);
    expect(reencrypt(v1Only, old, AAD)).toBe(old); // already current: unchanged

    const both = parseKeyringSpec(`1:${K1},2:${K2}`);
    expect(both.current).toBe(2);
    expect(decryptSecret(both, old, AAD)).toBe(SECRET);
    expect(needsReencrypt(both, old)).toBe(true);

    const rotated = reencrypt(both, old, AAD);
    expect(rotated.startsWith("v2.")).toBe(true);
    expect(needsReencrypt(both, rotated)).toBe(false);
    expect(decryptSecret(both, rotated, AAD)).toBe(SECRET);
    // Rotation keeps the AAD binding.
    expectCode(() => decryptSecret(both, rotated), "authentication-failed");
    expectCode(() => reencrypt(both, old, "user:43:totp"), "authentication-failed");

    const v2Only = createKeyring({ current: 2, keys: { 2: K2 } });
    expect(decryptSecret(v2Only, rotated, AAD)).toBe(SECRET);
    expectCode(() => decryptSecret(v2Only, old, AAD), "unknown-key-version");
    expect(() => decryptSecret(v2Only, old, AAD)).toThrow(/v1.*not in the keyring/);
  });

  it("a payload relabelled with another existing version fails authentication", () => {
    const both = parseKeyringSpec(`1:${K1},2:${K2}`);
    const payload = encryptSecret(both, SECRET);
    expectCode(() => decryptSecret(both, payload.replace(/^v2\./, "v1.")), "authentication-failed");
  });
});
