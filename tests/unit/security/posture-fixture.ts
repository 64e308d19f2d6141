import { randomBytes } from "node:crypto";
import type { PostureEnv, PostureInput } from "@/lib/security/posture/types";

// A production store where every check is green; each test changes one thing.
const NOW = new Date("2026-03-01T12:00:00Z");
export const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 60 * 60 * 1000);

const STRONG_AUTH_SECRET = randomBytes(48).toString("base64url");
export const STRONG_KEY = randomBytes(32).toString("base64");
export const STRONG_AUDIT_KEY = randomBytes(32).toString("base64");

function greenEnv(overrides: Partial<PostureEnv> = {}): PostureEnv {
  return {
    NODE_ENV: "production",
    DEMO_MODE: false,
    APP_URL: "https://shop.example.com",
    AUTH_SECRET: STRONG_AUTH_SECRET,
    DATA_ENCRYPTION_KEYS: `1:${STRONG_KEY}`,
    AUDIT_HMAC_KEYS: `1:${STRONG_AUDIT_KEY}`,
    STRIPE_SECRET_KEY: "rk_live_51Habcdefghijklmnop",
    STRIPE_WEBHOOK_SECRET: "whsec_abcdefghijklmnopqrstuvwxyz",
    STRIPE_API_URL: undefined,
    SMTP_URL: "smtps://mailer:pw@smtp.example.com:465",
    ADMIN_ALLOWED_NETWORKS: "10.8.0.0/16,2001:db8::/32",
    STAFF_REQUIRE_PASSKEY: true,
    ALERT_EMAIL: "fraud@example.com",
    ALERT_WEBHOOK_URL: "https://hooks.example.com/fraud",
    ALERT_WEBHOOK_SECRET: "s".repeat(32),
    ...overrides,
  };
}

export function greenInput(
  overrides: Partial<Omit<PostureInput, "env">> & { env?: Partial<PostureEnv> } = {},
): PostureInput {
  const { env, ...rest } = overrides;
  return {
    now: NOW,
    env: greenEnv(env),
    https: { hstsHeader: "max-age=63072000; includeSubDomains; preload", requestProtocol: "https" },
    staff: { total: 3, without2fa: 0, withoutPasskey: 0 },
    lastAlertDelivery: { ok: true, at: daysAgo(2), channel: "email" },
    fraudRules: [
      { id: "ip-country-mismatch", enabled: true, action: "ALERT" },
      { id: "card-many-orders", enabled: true, action: "HOLD" },
      { id: "cardholder-name-mismatch", enabled: false, action: "HOLD" },
    ],
    fraudHoldScore: 50,
    lastAuditVerification: { ok: true, checkedAt: daysAgo(1) },
    dependencies: {
      next: "16.4.6",
      react: "19.3.1",
      prisma: "6.19.3",
      "@prisma/client": "6.19.3",
      "next-auth": "4.24.15",
      stripe: "23.1.0",
    },
    lastNpmAudit: { ranAt: daysAgo(3), high: 0, critical: 0 },
    runtime: { node: "v22.23.5", fromSocket: true, trustedProxyHops: 1 },
    ...rest,
  };
}
