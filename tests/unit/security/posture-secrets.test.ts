import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runPostureChecks } from "@/lib/security/posture";
import { estimateEntropyBits } from "@/lib/security/posture/entropy";
import { checkSecretsStrength } from "@/lib/security/posture/secrets-strength";
import { STRONG_AUDIT_KEY, STRONG_KEY, greenInput } from "./posture-fixture";

describe("entropy estimate", () => {
  it("is zero for empty or single-symbol text and length × log2(alphabet) for uniform text", () => {
    expect(estimateEntropyBits("")).toBe(0);
    expect(estimateEntropyBits("a".repeat(64))).toBe(0);
    expect(estimateEntropyBits("abcd".repeat(8))).toBeCloseTo(64);
  });
  it("scores generated secrets above 128 bits and words below", () => {
    expect(estimateEntropyBits(randomBytes(48).toString("base64url"))).toBeGreaterThan(128);
    expect(estimateEntropyBits(randomBytes(32).toString("base64"))).toBeGreaterThan(128);
    expect(estimateEntropyBits("correcthorsebatterystaple")).toBeLessThan(128);
  });
});

describe("posture: secrets and mail transport", () => {
  it("green with generated secrets, smtps, and DEMO_MODE off", () => {
    const result = checkSecretsStrength(greenInput());
    expect(result.status).toBe("green");
    expect(result.detail).toMatch(/AUTH_SECRET: 64 characters, about \d+ bits/);
    expect(result.detail).toContain("DATA_ENCRYPTION_KEYS v1");
    expect(result.detail).toContain("AUDIT_HMAC_KEYS v1");
  });

  it("green for plain smtp to a loopback relay, or no SMTP outside production", () => {
    expect(checkSecretsStrength(greenInput({ env: { SMTP_URL: "smtp://127.0.0.1:25" } })).status).toBe("green");
    expect(checkSecretsStrength(greenInput({ env: { SMTP_URL: "smtp://localhost:1025" } })).status).toBe("green");
    expect(checkSecretsStrength(greenInput({ env: { NODE_ENV: "development", SMTP_URL: undefined } })).status).toBe(
      "green",
    );
  });

  it("amber for a secret between 64 and 128 estimated bits", () => {
    // 7 distinct letters × 32 characters ≈ 88 bits.
    const result = checkSecretsStrength(greenInput({ env: { AUTH_SECRET: "password".repeat(4) } }));
    expect(result.status).toBe("amber");
    expect(result.fix).toContain("openssl rand");
  });

  it("amber for DEMO_MODE in production, plain smtp to a remote host, or no SMTP in production", () => {
    expect(checkSecretsStrength(greenInput({ env: { DEMO_MODE: true } })).status).toBe("amber");
    const plain = checkSecretsStrength(greenInput({ env: { SMTP_URL: "smtp://user:hunter2@smtp.example.com:587" } }));
    expect(plain.status).toBe("amber");
    expect(plain.detail).toContain("smtp.example.com");
    expect(plain.detail).not.toContain("hunter2");
    expect(checkSecretsStrength(greenInput({ env: { SMTP_URL: undefined } })).status).toBe("amber");
  });

  it("red for a repetitive AUTH_SECRET, a weak encryption key, or an unusable key", () => {
    expect(checkSecretsStrength(greenInput({ env: { AUTH_SECRET: "x".repeat(40) } })).status).toBe("red");
    expect(checkSecretsStrength(greenInput({ env: { AUTH_SECRET: "ab".repeat(20) } })).status).toBe("red");
    const weakKey = `1:${STRONG_KEY},2:${"A".repeat(43)}`;
    const result = checkSecretsStrength(greenInput({ env: { DATA_ENCRYPTION_KEYS: weakKey } }));
    expect(result.status).toBe("red");
    expect(result.detail).toContain("DATA_ENCRYPTION_KEYS v2: about 0 bits");
    expect(checkSecretsStrength(greenInput({ env: { DATA_ENCRYPTION_KEYS: "1:c2hvcnQ=" } })).status).toBe("red");
    const audit = checkSecretsStrength(greenInput({ env: { AUDIT_HMAC_KEYS: `1:${"A".repeat(43)}` } }));
    expect(audit.status).toBe("red");
    expect(audit.detail).toContain("AUDIT_HMAC_KEYS v1: about 0 bits");
    expect(audit.fix).toContain("keep the old one to verify what it signed");
  });

  it("never puts a secret value in any check's output", () => {
    const authSecret = "x".repeat(40);
    const key = "A".repeat(43) + "=";
    const auditKey = "B".repeat(43) + "=";
    const results = runPostureChecks(
      greenInput({
        env: {
          AUTH_SECRET: authSecret,
          DATA_ENCRYPTION_KEYS: `1:${key}`,
          AUDIT_HMAC_KEYS: `1:${auditKey}`,
          SMTP_URL: "smtp://u:hunter2@mail.example.com",
        },
      }),
    );
    const text = results.map((r) => `${r.detail} ${r.fix}`).join("\n");
    for (const secret of [
      authSecret,
      key,
      auditKey,
      STRONG_AUDIT_KEY,
      "hunter2",
      greenInput().env.STRIPE_SECRET_KEY!,
      greenInput().env.ALERT_WEBHOOK_SECRET!,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
