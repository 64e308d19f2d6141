import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, checkoutOrigin, parseEnv, parseSweepEnv } from "@/lib/env";

const valid = {
  NODE_ENV: "production",
  APP_URL: "https://shop.example.com",
  DATABASE_URL: "postgresql://u:p@db:5432/store",
  AUTH_SECRET: "x".repeat(48),
  DATA_ENCRYPTION_KEYS: "1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  AUDIT_HMAC_KEYS: `1:${randomBytes(32).toString("base64")}`,
  STRIPE_SECRET_KEY: "sk_test_abc",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
};

const problems = (source: Record<string, string | undefined>) => {
  try {
    parseEnv(source);
    return "";
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
};

describe("configuration", () => {
  it("accepts a complete production configuration and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.DEMO_MODE).toBe(false);
    expect(env.PAGE_CACHE_MS).toBe(2_000);
  });

  it("turns the checkout start limits on by default and refuses a malformed override at start", () => {
    expect(parseEnv(valid).CHECKOUT_LIMITS.address).toEqual({ points: 20, durationSec: 900 });
    expect(parseEnv({ ...valid, CHECKOUT_LIMITS: "address=40/15m" }).CHECKOUT_LIMITS.address).toEqual({
      points: 40,
      durationSec: 900,
    });
    expect(problems({ ...valid, CHECKOUT_LIMITS: "address=lots" })).toMatch(/CHECKOUT_LIMITS/);
  });

  it("bounds how long a catalog page may be shared", () => {
    expect(parseEnv({ ...valid, PAGE_CACHE_MS: "0" }).PAGE_CACHE_MS).toBe(0);
    expect(problems({ ...valid, PAGE_CACHE_MS: "60001" })).toContain(
      "a stock or price change must show within seconds",
    );
    expect(problems({ ...valid, PAGE_CACHE_MS: "1.5" })).toContain("whole number");
    expect(problems({ ...valid, PAGE_CACHE_MS: "-1" })).toContain("PAGE_CACHE_MS");
  });

  it("staff passkey requirement is off and staff sessions are short by default; bad limits are refused", () => {
    const env = parseEnv(valid);
    expect([env.STAFF_REQUIRE_PASSKEY, env.STAFF_SESSION_IDLE_MINUTES, env.STAFF_SESSION_MAX_HOURS]).toEqual([
      false,
      15,
      12,
    ]);
    expect(parseEnv({ ...valid, STAFF_REQUIRE_PASSKEY: "1" }).STAFF_REQUIRE_PASSKEY).toBe(true);
    expect(problems({ ...valid, STAFF_REQUIRE_PASSKEY: "yes" })).toContain("STAFF_REQUIRE_PASSKEY");
    expect(problems({ ...valid, STAFF_SESSION_IDLE_MINUTES: "0" })).toContain("STAFF_SESSION_IDLE_MINUTES");
    expect(problems({ ...valid, STAFF_SESSION_MAX_HOURS: "1000" })).toContain("STAFF_SESSION_MAX_HOURS");
  });

  it("names each missing or malformed value", () => {
    const message = problems({ ...valid, AUTH_SECRET: undefined, DATABASE_URL: "mysql://x", APP_URL: "not a url" });
    expect(message).toContain("AUTH_SECRET: AUTH_SECRET is required");
    expect(message).toContain("DATABASE_URL: DATABASE_URL must be file:./path.db or postgresql://");
    expect(message).toContain("APP_URL:");
    expect(message).toContain("the store will not start");
  });

  it("refuses weak secrets and malformed keys", () => {
    expect(problems({ ...valid, AUTH_SECRET: "short" })).toContain("at least 32 characters");
    expect(problems({ ...valid, DATA_ENCRYPTION_KEYS: "key" })).toContain("DATA_ENCRYPTION_KEYS must look like");
    expect(problems({ ...valid, STRIPE_SECRET_KEY: "pk_test_abc" })).toContain("STRIPE_SECRET_KEY must start with");
    expect(problems({ ...valid, TRUSTED_PROXY_HOPS: "-1" })).toContain("TRUSTED_PROXY_HOPS");
  });

  it("keeps the emulator out of real production and a live key away from it", () => {
    expect(problems({ ...valid, STRIPE_API_URL: "http://localhost:12111" })).toContain("only for development");
    expect(
      problems({
        ...valid,
        STRIPE_API_URL: "http://localhost:12111",
        STRIPE_CHECKOUT_URL: "https://pay.shop.example.com",
        DEMO_MODE: "1",
      }),
    ).toBe("");
    expect(
      problems({
        ...valid,
        NODE_ENV: "development",
        STRIPE_SECRET_KEY: "sk_live_x",
        STRIPE_API_URL: "http://localhost:12111",
      }),
    ).toContain("live Stripe key");
  });

  it("sends shoppers of an https store only to an https payment page, the one the CSP names", () => {
    const demo = { ...valid, DEMO_MODE: "1", STRIPE_API_URL: "http://127.0.0.1:12111" };
    // The SDK may call the emulator over loopback http; the browser must not be sent there.
    expect(problems(demo)).toContain("STRIPE_API_URL: an https APP_URL needs an https payment page");
    expect(problems({ ...demo, STRIPE_CHECKOUT_URL: "http://pay.shop.example.com" })).toContain(
      "STRIPE_CHECKOUT_URL: an https APP_URL needs an https payment page",
    );
    expect(
      checkoutOrigin(parseEnv({ ...demo, STRIPE_CHECKOUT_URL: "https://pay.shop.example.com/ignored/path" })),
    ).toBe("https://pay.shop.example.com");
    // Development over http may use the emulator's http page; Stripe's own page is the default.
    expect(checkoutOrigin(parseEnv({ ...demo, NODE_ENV: "development", APP_URL: "http://localhost:3000" }))).toBe(
      "http://127.0.0.1:12111",
    );
    expect(checkoutOrigin(parseEnv(valid))).toBe("https://checkout.stripe.com");
    expect(checkoutOrigin(parseEnv({ ...valid, STRIPE_CHECKOUT_URL: "https://pay.shop.example.com" }))).toBe(
      "https://pay.shop.example.com",
    );
  });

  it("takes the store's time zone by its IANA name, UTC by default", () => {
    expect(parseEnv(valid).STORE_TIME_ZONE).toBe("UTC");
    expect(parseEnv({ ...valid, STORE_TIME_ZONE: "Europe/Berlin" }).STORE_TIME_ZONE).toBe("Europe/Berlin");
    expect(problems({ ...valid, STORE_TIME_ZONE: "CET+1" })).toContain("STORE_TIME_ZONE must be an IANA time zone");
  });

  it("requires a signing secret with an alert webhook", () => {
    expect(problems({ ...valid, ALERT_WEBHOOK_URL: "https://hooks.example.com/x" })).toContain(
      "ALERT_WEBHOOK_SECRET is required",
    );
  });

  it("requires audit keys of 32 random bytes, versioned from 1, distinct from the encryption keys", () => {
    const key = () => randomBytes(32).toString("base64");
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: undefined })).toContain("AUDIT_HMAC_KEYS is required");
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: "secret" })).toContain(
      "AUDIT_HMAC_KEYS must look like 1:<base64 32 bytes>",
    );
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: `1:${randomBytes(16).toString("base64")}` })).toContain(
      "AUDIT_HMAC_KEYS v1 must be exactly 32 random bytes",
    );
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: `1:${Buffer.alloc(32, 7).toString("base64")}` })).toContain(
      "AUDIT_HMAC_KEYS v1 is weak",
    );
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: `0:${key()}` })).toContain("0 is the legacy unkeyed chain");
    expect(problems({ ...valid, AUDIT_HMAC_KEYS: `1:${key()},1:${key()}` })).toContain("names version 1 twice");
    const shared = key();
    expect(
      problems({ ...valid, DATA_ENCRYPTION_KEYS: `1:${shared}`, AUDIT_HMAC_KEYS: `2:${key()},3:${shared}` }),
    ).toContain("must not reuse a key from DATA_ENCRYPTION_KEYS");
    const rotated = parseEnv({
      ...valid,
      AUDIT_HMAC_KEYS: `1:${key()},2:${randomBytes(32).toString("hex")}`,
      AUDIT_CHECKPOINT_FILE: "/var/lib/store/audit-checkpoints.jsonl",
    });
    expect(rotated.AUDIT_CHECKPOINT_FILE).toBe("/var/lib/store/audit-checkpoints.jsonl");
    expect(parseEnv({ ...valid, AUDIT_CHECKPOINT_FILE: "" }).AUDIT_CHECKPOINT_FILE).toBeUndefined();
  });
});

describe("the sweep's configuration (npm run sweep)", () => {
  const sweep = {
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://u:p@db:5432/store",
    STRIPE_SECRET_KEY: "sk_live_abc",
    APP_URL: "https://shop.example.com",
    AUDIT_HMAC_KEYS: `1:${randomBytes(32).toString("base64")}`,
  };
  const sweepProblems = (source: Record<string, string | undefined>) => {
    try {
      parseSweepEnv(source);
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it("needs only the database, the provider key, the store's URL and the audit key: no session, encryption or webhook secret", () => {
    const env = parseSweepEnv(sweep);
    expect(env).toMatchObject({
      DATABASE_URL: sweep.DATABASE_URL,
      STRIPE_SECRET_KEY: "sk_live_abc",
      DATABASE_POOL_SIZE: 10,
    });
    expect(env.AUTH_SECRET).toBeUndefined();
    expect(Object.keys(env)).not.toContain("DATA_ENCRYPTION_KEYS");
    expect(Object.keys(env)).not.toContain("STRIPE_WEBHOOK_SECRET");
    // The web server would refuse the same settings.
    expect(problems(sweep)).toMatch(/AUTH_SECRET[\s\S]*DATA_ENCRYPTION_KEYS/);
  });

  it.each([
    ["DATABASE_URL", { DATABASE_URL: undefined }, /DATABASE_URL/],
    ["STRIPE_SECRET_KEY", { STRIPE_SECRET_KEY: undefined }, /STRIPE_SECRET_KEY is required/],
    ["APP_URL", { APP_URL: undefined }, /APP_URL/],
    ["AUDIT_HMAC_KEYS", { AUDIT_HMAC_KEYS: undefined }, /AUDIT_HMAC_KEYS is required/],
    ["a weak AUTH_SECRET", { AUTH_SECRET: "short" }, /AUTH_SECRET must be at least 32/],
    [
      "a live key sent to the emulator",
      { STRIPE_API_URL: "http://localhost:12111", DEMO_MODE: "1" },
      /live Stripe key must not be sent to the emulator/,
    ],
    [
      "the emulator in production",
      { STRIPE_SECRET_KEY: "sk_test_abc", STRIPE_API_URL: "http://localhost:12111" },
      /only for development/,
    ],
    [
      "an alert webhook without its secret",
      { ALERT_WEBHOOK_URL: "https://hooks.example.com/x" },
      /ALERT_WEBHOOK_SECRET is required/,
    ],
  ])("refuses %s, naming the setting", (_what, change, message) => {
    const text = sweepProblems({ ...sweep, ...change });
    expect(text).toMatch(/the sweep will not run/);
    expect(text).toMatch(message);
  });
});
