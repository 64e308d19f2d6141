import { ScureBase32Plugin } from "otplib";
import { describe, expect, it } from "vitest";

import {
  TOTP_PERIOD_SECONDS,
  generateTotp,
  newTotpSecret,
  totpQrSvg,
  totpStep,
  totpUri,
  verifyTotp,
} from "@/lib/auth/totp";

// RFC 6238 Appendix B uses the ASCII seed "12345678901234567890" (20 bytes) for SHA-1.
const RFC_SECRET = new ScureBase32Plugin().encode(new TextEncoder().encode("12345678901234567890"));
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe("RFC 6238 Appendix B (SHA-1, 8 digits)", () => {
  it("encodes the ASCII seed as the expected base32 secret", () => {
    expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  });

  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("T=%i → %s", (time, expected) => {
    expect(generateTotp(RFC_SECRET, at(time), 8)).toBe(expected);
  });

  it("verifyTotp accepts the 6-digit truncation of the vectors and reports the RFC time step", () => {
    // 6-digit codes are the same HOTP value mod 10^6, i.e. the last six digits.
    expect(verifyTotp({ secret: RFC_SECRET, code: "287082", now: at(59) })).toEqual({ ok: true, step: 1 });
    expect(verifyTotp({ secret: RFC_SECRET, code: "005924", now: at(1234567890) })).toEqual({
      ok: true,
      step: 41152263,
    });
    expect(generateTotp(RFC_SECRET, at(1111111109))).toBe("081804");
  });
});

describe("newTotpSecret / totpUri / totpQrSvg", () => {
  it("creates distinct 20-byte base32 secrets", () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 chars = 160 bits = 20 bytes, no padding
    expect(new ScureBase32Plugin().decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
  });

  it("builds an otpauth URI with issuer in label and parameter", () => {
    const secret = newTotpSecret();
    const uri = totpUri({
      secret,
      accountName: "jane+shop@example.com",
      issuer: "Acme Store",
    });
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/Acme Store:jane+shop@example.com");
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("issuer")).toBe("Acme Store");
    // Non-default parameters would confuse some apps; ours are the defaults so none are emitted.
    expect(url.searchParams.get("digits") ?? "6").toBe("6");
    expect(url.searchParams.get("period") ?? "30").toBe("30");
  });

  it("refuses label parts that would be ambiguous", () => {
    const secret = newTotpSecret();
    expect(() => totpUri({ secret, accountName: "a:b", issuer: "Acme" })).toThrow(TypeError);
    expect(() => totpUri({ secret, accountName: "a@b.c", issuer: "Ac:me" })).toThrow(TypeError);
    expect(() => totpUri({ secret, accountName: "a@b.c", issuer: " " })).toThrow(TypeError);
  });

  it("renders a self-contained SVG", async () => {
    const svg = await totpQrSvg(
      totpUri({
        secret: newTotpSecret(),
        accountName: "a@b.c",
        issuer: "Acme",
      }),
    );
    expect(svg.trimStart()).toMatch(/^<svg[\s>]/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(svg).toContain("<path");
    expect(svg).not.toMatch(/href=|<image|<script|url\(/i);
  });
});

describe("verifyTotp", () => {
  // Fixed secrets keep every assertion deterministic (no chance collision between neighbouring codes).
  const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const otherSecret = "KRUGS4ZANFZSAYJAONSWG4TFOQQGC3TE";
  // Start of a 30 s step, so offsets 0 and 29 probe both ends of the step.
  const stepStart = 1_700_000_010;
  const codeAtStep = (step: number) => generateTotp(secret, at(step * TOTP_PERIOD_SECONDS));

  it.each([0, 1, 15, 29])("accepts exactly ±1 step at offset %i s into the step", (offset) => {
    const now = at(stepStart + offset);
    const step = totpStep(now);
    expect(stepStart % TOTP_PERIOD_SECONDS).toBe(0);
    expect(step).toBe(stepStart / TOTP_PERIOD_SECONDS);
    for (const delta of [-1, 0, 1]) {
      expect(verifyTotp({ secret, code: codeAtStep(step + delta), now })).toEqual({ ok: true, step: step + delta });
    }
    for (const delta of [-2, 2]) {
      expect(verifyTotp({ secret, code: codeAtStep(step + delta), now })).toEqual({ ok: false });
    }
  });

  it("refuses a code already used (same step) and any earlier step", () => {
    const now = at(stepStart + 5);
    const step = totpStep(now);
    const first = verifyTotp({ secret, code: codeAtStep(step), now });
    expect(first).toEqual({ ok: true, step });
    const lastUsedStep = first.ok ? first.step : null;
    expect(verifyTotp({ secret, code: codeAtStep(step), now, lastUsedStep })).toEqual({ ok: false });
    expect(verifyTotp({ secret, code: codeAtStep(step - 1), now, lastUsedStep })).toEqual({ ok: false });
    // The next code (from the following step) is still fine.
    const later = at(stepStart + 35);
    expect(
      verifyTotp({
        secret,
        code: codeAtStep(step + 1),
        now: later,
        lastUsedStep,
      }),
    ).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it("handles a lastUsedStep at/after the window's end without throwing", () => {
    const now = at(stepStart);
    const step = totpStep(now);
    expect(
      verifyTotp({
        secret,
        code: codeAtStep(step + 1),
        now,
        lastUsedStep: step + 1,
      }),
    ).toEqual({ ok: false });
    expect(
      verifyTotp({
        secret,
        code: codeAtStep(step),
        now,
        lastUsedStep: step + 50,
      }),
    ).toEqual({ ok: false });
    expect(verifyTotp({ secret, code: codeAtStep(step), now, lastUsedStep: null })).toEqual({ ok: true, step });
  });

  it("refuses malformed input without throwing, but tolerates the display space", () => {
    const now = at(stepStart);
    const code = codeAtStep(totpStep(now));
    for (const bad of ["", "12345", "1234567", "abcdef", "12345a", "12-345", "١٢٣٤٥٦", `${code}0`, code.slice(1)]) {
      expect(() => verifyTotp({ secret, code: bad, now })).not.toThrow();
      expect(verifyTotp({ secret, code: bad, now })).toEqual({ ok: false });
    }
    expect(verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, now }).ok).toBe(true);
    expect(verifyTotp({ secret, code: ` ${code}\n`, now }).ok).toBe(true);
  });

  it("refuses a wrong code and a code for another secret", () => {
    const now = at(stepStart);
    const code = codeAtStep(totpStep(now));
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(verifyTotp({ secret, code: wrong, now })).toEqual({ ok: false });
    expect(verifyTotp({ secret: otherSecret, code, now })).toEqual({
      ok: false,
    });
  });

  it("treats an invalid lastUsedStep as a programming error", () => {
    const now = at(stepStart);
    expect(() => verifyTotp({ secret, code: "123456", now, lastUsedStep: -1 })).toThrow(TypeError);
    expect(() => verifyTotp({ secret, code: "123456", now, lastUsedStep: 1.5 })).toThrow(TypeError);
  });
});
