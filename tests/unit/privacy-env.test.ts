import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { envSchema, sweepEnvSchema } from "@/lib/env";

const base = {
  APP_URL: "http://localhost:3000",
  DATABASE_URL: "file:./x.db",
  STRIPE_SECRET_KEY: "sk_test_x",
  AUDIT_HMAC_KEYS: `1:${randomBytes(32).toString("base64")}`,
};

describe("retention settings", () => {
  it("default to 90, 365 and 30 days in the sweep's configuration", () => {
    const env = sweepEnvSchema.parse(base);
    expect([env.RETENTION_SIGN_IN_EVENTS_DAYS, env.RETENTION_CLIENT_ADDRESS_DAYS, env.RETENTION_OUTBOX_DAYS]).toEqual([
      90, 365, 30,
    ]);
  });

  it("refuse zero, fractions and words with a message naming the setting", () => {
    for (const value of ["0", "1.5", "soon", "99999"]) {
      const result = sweepEnvSchema.safeParse({ ...base, RETENTION_SIGN_IN_EVENTS_DAYS: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
        expect.stringMatching(/^RETENTION_SIGN_IN_EVENTS_DAYS: RETENTION_SIGN_IN_EVENTS_DAYS must/),
      ]);
    }
    expect(envSchema.shape).toHaveProperty("FRAUD_MEMORY_DAYS");
  });
});
