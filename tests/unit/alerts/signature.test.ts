import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signAlertPayload, verifyAlertSignature } from "@/lib/alerts/signature";

const secret = "alert_secret_0123456789abcdefghijklmnop";
const body = JSON.stringify({ id: "a1", kind: "FRAUD_RULE", message: "Held: card used on 4 accounts" });
const t = 1_767_225_600;

describe("alert webhook signatures", () => {
  it("signs t and the raw body with HMAC-SHA256, in Stripe's header format", () => {
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(signAlertPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it("accepts its own signature within the tolerance", () => {
    const header = signAlertPayload(secret, body, t);
    expect(verifyAlertSignature(secret, body, header, { toleranceSec: 300, nowSec: t })).toBe(true);
    expect(verifyAlertSignature(secret, body, header, { toleranceSec: 300, nowSec: t + 300 })).toBe(true);
    expect(verifyAlertSignature(secret, body, header, { toleranceSec: 300, nowSec: t - 300 })).toBe(true);
  });

  it("rejects a tampered body, another secret, a stale or future timestamp, and a re-dated header", () => {
    const header = signAlertPayload(secret, body, t);
    expect(
      verifyAlertSignature(secret, body.replace("4 accounts", "1 account"), header, { toleranceSec: 300, nowSec: t }),
    ).toBe(false);
    expect(verifyAlertSignature(`${secret}x`, body, header, { toleranceSec: 300, nowSec: t })).toBe(false);
    expect(verifyAlertSignature(secret, body, header, { toleranceSec: 300, nowSec: t + 301 })).toBe(false);
    expect(verifyAlertSignature(secret, body, header, { toleranceSec: 300, nowSec: t - 301 })).toBe(false);
    expect(
      verifyAlertSignature(secret, body, header.replace(`t=${t}`, `t=${t + 100}`), {
        toleranceSec: 300,
        nowSec: t + 100,
      }),
    ).toBe(false);
  });

  it("rejects malformed headers and accepts one good v1 among several (secret rotation)", () => {
    const good = signAlertPayload(secret, body, t);
    const v1 = good.split("v1=")[1]!;
    for (const bad of [
      null,
      undefined,
      "",
      "garbage",
      `t=${t}`,
      `v1=${v1}`,
      `t=abc,v1=${v1}`,
      `t=${t},v1=${v1.slice(2)}`,
      `t=${t},v0=${v1}`,
    ]) {
      expect(verifyAlertSignature(secret, body, bad, { toleranceSec: 300, nowSec: t })).toBe(false);
    }
    expect(
      verifyAlertSignature(secret, body, `t=${t},v1=${"0".repeat(64)},v1=${v1}`, { toleranceSec: 300, nowSec: t }),
    ).toBe(true);
    expect(verifyAlertSignature("", body, good, { toleranceSec: 300, nowSec: t })).toBe(false);
  });
});
