import { describe, expect, it } from "vitest";
import { POSTURE_CHECKS, runPostureChecks, summarize } from "@/lib/security/posture";
import { checkAdminAllowlist } from "@/lib/security/posture/admin-allowlist";
import { checkAlertDelivery } from "@/lib/security/posture/alert-delivery";
import { checkAuditChain } from "@/lib/security/posture/audit-chain";
import { checkDependencies } from "@/lib/security/posture/dependencies";
import { NO_ACTION, worst } from "@/lib/security/posture/findings";
import { checkFraudRules } from "@/lib/security/posture/fraud-rules";
import { checkHttps } from "@/lib/security/posture/https-hsts";
import { checkStaffPasskeys } from "@/lib/security/posture/staff-passkeys";
import { checkStaffTwoFactor } from "@/lib/security/posture/staff-two-factor";
import { checkRuntime } from "@/lib/security/posture/runtime";
import { checkStripeMode } from "@/lib/security/posture/stripe-mode";
import type { PostureResult } from "@/lib/security/posture/types";
import { daysAgo, greenInput } from "./posture-fixture";

describe("posture: the whole set", () => {
  it("a well-configured production store is green everywhere, one result per check with a unique id", () => {
    const results = runPostureChecks(greenInput());
    expect(results.map((r) => [r.id, r.status, r.fix])).toEqual(results.map((r) => [r.id, "green", NO_ACTION]));
    expect(new Set(results.map((r) => r.id)).size).toBe(POSTURE_CHECKS.length);
    expect(POSTURE_CHECKS.length).toBe(11);
  });

  it("summarize counts results by status", () => {
    const r = (status: PostureResult["status"]): PostureResult => ({
      id: "https",
      title: "t",
      status,
      detail: "",
      fix: "",
    });
    expect(summarize([r("green"), r("red"), r("amber"), r("red")])).toEqual({ green: 1, amber: 1, red: 2 });
    expect(summarize([])).toEqual({ green: 0, amber: 0, red: 0 });
  });

  it("the worst finding decides, whatever the order", () => {
    expect(worst(["green", "red", "amber"])).toBe("red");
    expect(worst(["amber", "green"])).toBe("amber");
    expect(worst([])).toBe("green");
  });
});

describe("posture: HTTPS and HSTS", () => {
  it("green in production on https with a year of HSTS", () => {
    expect(checkHttps(greenInput()).status).toBe("green");
  });
  it("amber outside production, with a short HSTS max-age, or a request over http", () => {
    expect(checkHttps(greenInput({ env: { NODE_ENV: "development", APP_URL: "http://localhost:3000" } })).status).toBe(
      "amber",
    );
    expect(checkHttps(greenInput({ https: { hstsHeader: "max-age=300", requestProtocol: "https" } })).detail).toMatch(
      /max-age=300/,
    );
    expect(checkHttps(greenInput({ https: { hstsHeader: "max-age=300", requestProtocol: "https" } })).status).toBe(
      "amber",
    );
    expect(checkHttps(greenInput({ https: { hstsHeader: "max-age=63072000", requestProtocol: "http" } })).status).toBe(
      "amber",
    );
  });
  it("red in production over http or without HSTS", () => {
    expect(checkHttps(greenInput({ env: { APP_URL: "http://shop.example.com" } })).status).toBe("red");
    expect(checkHttps(greenInput({ https: { hstsHeader: null, requestProtocol: "https" } })).status).toBe("red");
    expect(checkHttps(greenInput({ https: { hstsHeader: "max-age=0", requestProtocol: "https" } })).status).toBe("red");
  });
});

describe("posture: staff two-factor", () => {
  it("green when every staff account has 2FA", () => {
    expect(checkStaffTwoFactor(greenInput()).status).toBe("green");
  });
  it("amber when there are no staff to review held orders", () => {
    expect(checkStaffTwoFactor(greenInput({ staff: { total: 0, without2fa: 0, withoutPasskey: 0 } })).status).toBe(
      "amber",
    );
  });
  it("red when any staff account lacks 2FA, naming the count", () => {
    const result = checkStaffTwoFactor(greenInput({ staff: { total: 4, without2fa: 1, withoutPasskey: 0 } }));
    expect(result.status).toBe("red");
    expect(result.detail).toContain("1 of 4");
    expect(result.fix).toContain("/account/security");
  });
});

describe("posture: staff passkeys", () => {
  it("green when passkeys are required and every staff member has one", () => {
    expect(checkStaffPasskeys(greenInput()).status).toBe("green");
  });
  it("amber when STAFF_REQUIRE_PASSKEY is off, naming the setting and how many have one", () => {
    const result = checkStaffPasskeys(
      greenInput({ env: { STAFF_REQUIRE_PASSKEY: false }, staff: { total: 3, without2fa: 0, withoutPasskey: 2 } }),
    );
    expect(result.status).toBe("amber");
    expect(result.detail).toContain("1 of 3");
    expect(result.fix).toContain("STAFF_REQUIRE_PASSKEY=1");
  });
  it("amber when required but some staff have no passkey (they cannot reach the admin area)", () => {
    const result = checkStaffPasskeys(greenInput({ staff: { total: 4, without2fa: 0, withoutPasskey: 1 } }));
    expect(result.status).toBe("amber");
    expect(result.detail).toContain("1 of 4");
  });
});

describe("posture: admin network allowlist", () => {
  it("green with valid networks, listing them", () => {
    const result = checkAdminAllowlist(greenInput());
    expect(result.status).toBe("green");
    expect(result.detail).toContain("10.8.0.0/16, 2001:db8::/32");
  });
  it("amber when unset or blank", () => {
    expect(checkAdminAllowlist(greenInput({ env: { ADMIN_ALLOWED_NETWORKS: undefined } })).status).toBe("amber");
    expect(checkAdminAllowlist(greenInput({ env: { ADMIN_ALLOWED_NETWORKS: "  " } })).status).toBe("amber");
  });
  it("red when invalid or when a /0 admits everyone", () => {
    expect(checkAdminAllowlist(greenInput({ env: { ADMIN_ALLOWED_NETWORKS: "10.0.0.1/8" } })).status).toBe("red");
    expect(checkAdminAllowlist(greenInput({ env: { ADMIN_ALLOWED_NETWORKS: "10.8.0.0/16, 0.0.0.0/0" } })).status).toBe(
      "red",
    );
    expect(checkAdminAllowlist(greenInput({ env: { ADMIN_ALLOWED_NETWORKS: "::/0" } })).status).toBe("red");
  });
});

describe("posture: alert delivery", () => {
  it("green with email (webhook optional) and a delivered last alert", () => {
    expect(checkAlertDelivery(greenInput()).status).toBe("green");
    expect(
      checkAlertDelivery(greenInput({ env: { ALERT_WEBHOOK_URL: undefined, ALERT_WEBHOOK_SECRET: undefined } })).status,
    ).toBe("green");
  });
  it("amber with no email, email without SMTP in production, an http webhook, or no delivery yet", () => {
    expect(checkAlertDelivery(greenInput({ env: { ALERT_EMAIL: undefined } })).status).toBe("amber");
    expect(checkAlertDelivery(greenInput({ env: { SMTP_URL: undefined } })).status).toBe("amber");
    expect(checkAlertDelivery(greenInput({ env: { ALERT_WEBHOOK_URL: "http://hooks.example.com/x" } })).status).toBe(
      "amber",
    );
    expect(checkAlertDelivery(greenInput({ lastAlertDelivery: null })).status).toBe("amber");
  });
  it("red with no channel at all or a failed last delivery", () => {
    const none = { ALERT_EMAIL: undefined, ALERT_WEBHOOK_URL: undefined, ALERT_WEBHOOK_SECRET: undefined };
    expect(checkAlertDelivery(greenInput({ env: none })).status).toBe("red");
    const failed = checkAlertDelivery(
      greenInput({ lastAlertDelivery: { ok: false, at: daysAgo(1), channel: "webhook", error: "HTTP 500" } }),
    );
    expect(failed.status).toBe("red");
    expect(failed.detail).toContain("HTTP 500");
  });
});

describe("posture: Stripe mode", () => {
  it("green with a live key in production, or a test key in development", () => {
    expect(checkStripeMode(greenInput()).status).toBe("green");
    expect(
      checkStripeMode(greenInput({ env: { NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_test_abc" } })).status,
    ).toBe("green");
  });
  it("amber for test mode in production, the emulator in demo/development, or a live key in development", () => {
    expect(checkStripeMode(greenInput({ env: { STRIPE_SECRET_KEY: "sk_test_abc" } })).detail).toMatch(/test mode/);
    expect(checkStripeMode(greenInput({ env: { STRIPE_SECRET_KEY: "sk_test_abc" } })).status).toBe("amber");
    const emulator = { STRIPE_SECRET_KEY: "sk_test_emulator_x", STRIPE_API_URL: "http://127.0.0.1:12111" };
    expect(checkStripeMode(greenInput({ env: { ...emulator, DEMO_MODE: true } })).status).toBe("amber");
    expect(checkStripeMode(greenInput({ env: { ...emulator, NODE_ENV: "development" } })).status).toBe("amber");
    expect(checkStripeMode(greenInput({ env: { NODE_ENV: "development" } })).status).toBe("amber");
  });
  it("red without a key or webhook secret, or with the emulator in real production or with a live key", () => {
    expect(checkStripeMode(greenInput({ env: { STRIPE_SECRET_KEY: undefined } })).status).toBe("red");
    expect(checkStripeMode(greenInput({ env: { STRIPE_WEBHOOK_SECRET: undefined } })).status).toBe("red");
    expect(
      checkStripeMode(greenInput({ env: { STRIPE_SECRET_KEY: "sk_test_x", STRIPE_API_URL: "http://127.0.0.1:12111" } }))
        .status,
    ).toBe("red");
    expect(
      checkStripeMode(greenInput({ env: { DEMO_MODE: true, STRIPE_API_URL: "http://127.0.0.1:12111" } })).status,
    ).toBe("red");
  });
  it("never shows the key itself", () => {
    const key = "sk_live_SUPERSECRETVALUE123";
    const result = checkStripeMode(greenInput({ env: { STRIPE_SECRET_KEY: key, NODE_ENV: "development" } }));
    expect(`${result.detail} ${result.fix}`).not.toContain("SUPERSECRET");
  });
});

describe("posture: fraud rules", () => {
  it("green when a rule is enabled and set to HOLD, naming the HOLD rules", () => {
    const result = checkFraudRules(greenInput());
    expect(result.status).toBe("green");
    expect(result.detail).toContain("HOLD: card-many-orders; hold score 50.");
    expect(result.detail).toContain("2 of 3 rules enabled");
  });
  it("amber when enabled rules only ALERT (a disabled HOLD rule does not count)", () => {
    const rules = [
      { id: "a", enabled: true, action: "ALERT" as const },
      { id: "b", enabled: false, action: "HOLD" as const },
    ];
    expect(checkFraudRules(greenInput({ fraudRules: rules })).status).toBe("amber");
    expect(checkFraudRules(greenInput({ fraudRules: rules })).detail).toContain(
      "only payments scoring 50 or more are held",
    );
    expect(checkFraudRules(greenInput({ fraudRules: rules, fraudHoldScore: null })).detail).toContain(
      "no hold score: suspicious payments are captured",
    );
  });
  it("red when no rule is enabled", () => {
    expect(checkFraudRules(greenInput({ fraudRules: [{ id: "a", enabled: false, action: "HOLD" }] })).status).toBe(
      "red",
    );
    expect(checkFraudRules(greenInput({ fraudRules: [] })).status).toBe("red");
  });
});

describe("posture: audit chain", () => {
  it("green when verified intact within a week", () => {
    expect(checkAuditChain(greenInput({ lastAuditVerification: { ok: true, checkedAt: daysAgo(7) } })).status).toBe(
      "green",
    );
  });
  it("amber when never verified or verified too long ago", () => {
    expect(checkAuditChain(greenInput({ lastAuditVerification: null })).status).toBe("amber");
    expect(checkAuditChain(greenInput({ lastAuditVerification: { ok: true, checkedAt: daysAgo(8) } })).status).toBe(
      "amber",
    );
  });
  it("red when verification failed, naming the first bad entry", () => {
    const result = checkAuditChain(
      greenInput({ lastAuditVerification: { ok: false, checkedAt: daysAgo(0), firstBadId: "aud_42" } }),
    );
    expect(result.status).toBe("red");
    expect(result.detail).toContain("aud_42");
  });
});

describe("posture: dependencies", () => {
  it("green with a recent clean audit, listing the tracked versions", () => {
    const result = checkDependencies(
      greenInput({ dependencies: { next: "16.4.6", stripe: "23.1.0", "left-pad": "1.0.0" } }),
    );
    expect(result.status).toBe("green");
    expect(result.detail).toContain("Versions: next 16.4.6, stripe 23.1.0.");
    expect(result.detail).not.toContain("left-pad");
  });
  it("amber when the audit never ran or is older than 30 days", () => {
    expect(checkDependencies(greenInput({ lastNpmAudit: null })).status).toBe("amber");
    expect(checkDependencies(greenInput({ lastNpmAudit: { ranAt: daysAgo(30), high: 0, critical: 0 } })).status).toBe(
      "green",
    );
    expect(checkDependencies(greenInput({ lastNpmAudit: { ranAt: daysAgo(31), high: 0, critical: 0 } })).status).toBe(
      "amber",
    );
  });
  it("red with any high or critical advisory, however recent", () => {
    expect(checkDependencies(greenInput({ lastNpmAudit: { ranAt: daysAgo(0), high: 1, critical: 0 } })).status).toBe(
      "red",
    );
    expect(checkDependencies(greenInput({ lastNpmAudit: { ranAt: daysAgo(0), high: 0, critical: 2 } })).status).toBe(
      "red",
    );
  });
});

describe("posture: runtime and client addresses", () => {
  const runtime = (node: string, extra: Partial<{ fromSocket: boolean; trustedProxyHops: number }> = {}) =>
    checkRuntime(greenInput({ runtime: { node, fromSocket: true, trustedProxyHops: 1, ...extra } }));

  it("green on a maintained LTS line with addresses from the connection", () => {
    expect(runtime("v22.23.5").status).toBe("green");
    expect(runtime("v24.1.0").status).toBe("green");
  });

  it("red on an end-of-life Node.js, naming the date (Node.js 20 ended on 2026-04-30)", () => {
    const result = checkRuntime(
      greenInput({
        now: new Date("2026-12-01T00:00:00Z"),
        runtime: { node: "v20.20.2", fromSocket: true, trustedProxyHops: 0 },
      }),
    );
    expect(result.status).toBe("red");
    expect(result.detail).toContain("2026-04-30");
    expect(result.fix).toMatch(/22 or 24/);
    expect(runtime("v16.20.0").status).toBe("red");
  });

  it("amber on a non-LTS line or within 90 days of end of life", () => {
    expect(runtime("v25.0.0").status).toBe("amber");
    expect(
      checkRuntime(
        greenInput({
          now: new Date("2027-03-01T00:00:00Z"),
          runtime: { node: "v22.23.5", fromSocket: true, trustedProxyHops: 0 },
        }),
      ).status,
    ).toBe("amber");
  });

  it("red when no server in front vouches for client addresses", () => {
    const result = runtime("v22.23.5", { fromSocket: false });
    expect(result.status).toBe("red");
    expect(result.detail).toMatch(/client addresses are unknown/);
  });
});
