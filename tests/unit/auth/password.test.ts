import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { parseOptions } from "@node-rs/argon2";
import * as argon2 from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it, vi } from "vitest";

import {
  DUMMY_HASH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  hashPassword,
  needsRehash,
  passwordProblem,
  passwordStrength,
  verifyAgainstDummy,
  verifyPassword,
} from "@/lib/auth/password";
import { passwordStrength as clientPasswordStrength } from "@/lib/auth/password-strength";
import type * as Argon2 from "@node-rs/argon2";

// Pass-through spy so we can prove the dummy path really runs Argon2 (behaviour is unchanged).
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof Argon2>();
  return { ...actual, verify: vi.fn(actual.verify) };
});

const GOOD = "violet tractor harbour lemon";

describe("hashPassword / verifyPassword", () => {
  it("produces Argon2id hashes with the OWASP parameters and a random salt", async () => {
    const a = await hashPassword(GOOD);
    const b = await hashPassword(GOOD);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(parseOptions(a)).toMatchObject({
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
      algorithm: 2,
    });
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword(GOOD);
    expect(await verifyPassword(stored, GOOD)).toBe(true);
    expect(await verifyPassword(stored, `${GOOD} `)).toBe(false);
    expect(await verifyPassword(stored, GOOD.toUpperCase())).toBe(false);
  });

  it("normalizes Unicode so composed and decomposed input match", async () => {
    const composed = "caf\u00e9 au lait sans sucre";
    const decomposed = "cafe\u0301 au lait sans sucre";
    const stored = await hashPassword(composed);
    expect(await verifyPassword(stored, decomposed)).toBe(true);
  });

  it("returns false instead of throwing for a malformed stored hash", async () => {
    await expect(verifyPassword("not-a-hash", GOOD)).resolves.toBe(false);
    await expect(verifyPassword("", GOOD)).resolves.toBe(false);
  });
});

describe("dummy hash (anti-enumeration timing)", () => {
  it("DUMMY_HASH uses exactly the parameters of real hashes", async () => {
    const real = parseOptions(await hashPassword(GOOD));
    const dummy = parseOptions(DUMMY_HASH);
    expect(dummy).toEqual(real);
  });

  it("verifyAgainstDummy always resolves false and really runs Argon2 against DUMMY_HASH", async () => {
    const spy = vi.mocked(argon2.verify);
    spy.mockClear();
    await expect(verifyAgainstDummy(GOOD)).resolves.toBe(false);
    await expect(verifyAgainstDummy("")).resolves.toBe(false);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls[0]?.[0]).toBe(DUMMY_HASH);
    // Argon2 really succeeded in decoding the hash (no early throw that would skip the work).
    await expect(spy.mock.results[0]?.value).resolves.toBe(false);
  });
});

describe("needsRehash", () => {
  it("is false for current hashes and true for weaker or unreadable ones", async () => {
    expect(needsRehash(await hashPassword(GOOD))).toBe(false);
    const weak = await argon2.hash(GOOD, {
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash("garbage")).toBe(true);
  });
});

describe("passwordProblem", () => {
  it("accepts a long passphrase without any composition rules", () => {
    expect(passwordProblem(GOOD)).toBeNull();
    expect(passwordProblem("alllowercaseletters")).toBeNull();
  });

  it("enforces 12..128 characters, counting code points", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(passwordProblem("zq8vnw3kfp2")).toMatch(/at least 12 characters/);
    expect(passwordProblem("zq8vnw3kfp2x")).toBeNull();
    expect(passwordProblem("zq8vnw3kfp2x".repeat(10) + "abcdefgh")).toBeNull(); // 128
    expect(passwordProblem("zq8vnw3kfp2x".repeat(10) + "abcdefghi")).toMatch(/at most 128 characters/); // 129
    expect(passwordProblem("x".repeat(100_000))).toMatch(/at most 128/);
    // 11 emoji are 22 UTF-16 units but only 11 characters.
    expect(passwordProblem("\u{1F642}".repeat(11))).toMatch(/at least 12/);
    expect(passwordProblem("\u{1F642}".repeat(12))).toBeNull();
  });

  it("rejects common passwords case-insensitively", () => {
    for (const pw of ["qwerty123456", "QWERTY123456", "1Qaz2Wsx3Edc", "LeaveMeAlone"]) {
      expect(passwordProblem(pw)).toMatch(/commonly used or leaked/);
    }
  });

  it("uses well beyond the top 10,000 entries of the list", () => {
    const list = dictionary["passwords-common"];
    expect(list.length).toBeGreaterThanOrEqual(10_000);
    const deep = list.slice(10_000).find((p) => p.length >= 12 && p.length <= 128);
    expect(deep).toBeDefined();
    expect(passwordProblem(deep ?? "")).toMatch(/commonly used or leaked/);
  });

  it("rejects passwords equal to or containing the email local part or the name", () => {
    const ctx = { email: "jane.doe@example.com", name: "Jane Smith" };
    expect(passwordProblem("JANE.DOE@example.com", ctx)).toMatch(/name or email/);
    expect(passwordProblem("my jane.doe passphrase", ctx)).toMatch(/name or email/);
    expect(passwordProblem("janedoe-rocks-forever", ctx)).toMatch(/name or email/);
    expect(passwordProblem("xx Jane Smith xx yy", ctx)).toMatch(/name or email/);
    expect(passwordProblem("the smith family rules", ctx)).toMatch(/name or email/);
    expect(
      passwordProblem("correcthorsebattery", {
        email: "CorrectHorseBattery@x.io",
      }),
    ).toMatch(/name or email/);
    // Same passwords are fine without that context.
    expect(passwordProblem("janedoe-rocks-forever")).toBeNull();
    expect(
      passwordProblem("the smith family rules", {
        email: "someone@example.com",
      }),
    ).toBeNull();
  });

  it("does not let very short email/name fragments block unrelated passwords", () => {
    expect(
      passwordProblem("jolly ranchers at sunset", {
        email: "jo@example.com",
        name: "Al",
      }),
    ).toBeNull();
  });
});

describe("passwordStrength", () => {
  it("scores weak and strong passwords at opposite ends of 0..4", () => {
    expect(passwordStrength("")).toBe(0);
    expect(passwordStrength("password")).toBe(0);
    expect(passwordStrength("correct horse battery staple")).toBe(4);
  });

  it("lowers the score when the password is built from the user's own details", () => {
    expect(passwordStrength("quentinzorblatt")).toBeGreaterThanOrEqual(3);
    expect(passwordStrength("quentinzorblatt", ["quentin", "zorblatt"])).toBeLessThanOrEqual(1);
  });

  it("is the same function as the client-safe module, which must not import server-only", () => {
    expect(passwordStrength).toBe(clientPasswordStrength);
    const source = readFileSync(
      fileURLToPath(new URL("../../../lib/auth/password-strength.ts", import.meta.url)),
      "utf8",
    );
    const imports = [...source.matchAll(/^import\b[^;]*?["']([^"']+)["']/gm)].map((m) => m[1]);
    expect(imports).toEqual(["@zxcvbn-ts/core", "@zxcvbn-ts/language-common"]);
  });
});
