import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const valid = {
  NODE_ENV: "production",
  APP_URL: "https://shop.example.com",
  DATABASE_URL: "postgresql://u:p@db:5432/store",
  AUTH_SECRET: "x".repeat(48),
  DATA_ENCRYPTION_KEYS: "1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
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

  it("bounds how long a catalog page may be shared", () => {
    expect(parseEnv({ ...valid, PAGE_CACHE_MS: "0" }).PAGE_CACHE_MS).toBe(0);
    expect(problems({ ...valid, PAGE_CACHE_MS: "60001" })).toContain("a stock or price change must show within seconds");
    expect(problems({ ...valid, PAGE_CACHE_MS: "1.5" })).toContain("whole number");
    expect(problems({ ...valid, PAGE_CACHE_MS: "-1" })).toContain("PAGE_CACHE_MS");
  });

  it("staff passkey requirement is off and staff sessions are short by default; bad limits are refused", () => {
    const env = parseEnv(valid);
    expect([env.STAFF_REQUIRE_PASSKEY, env.STAFF_SESSION_IDLE_MINUTES, env.STAFF_SESSION_MAX_HOURS]).toEqual([false, 15, 12]);
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
    expect(problems({ ...valid, STRIPE_API_URL: "http://localhost:12111", DEMO_MODE: "1" })).toBe("");
    expect(problems({ ...valid, NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_live_x", STRIPE_API_URL: "http://localhost:12111" })).toContain("live Stripe key");
  });

  it("requires a signing secret with an alert webhook", () => {
    expect(problems({ ...valid, ALERT_WEBHOOK_URL: "https://hooks.example.com/x" })).toContain("ALERT_WEBHOOK_SECRET is required");
  });
});
