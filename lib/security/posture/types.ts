import type { Env } from "@/lib/env";
import type { RuleAction } from "@/lib/fraud/types";

// The security posture checks are pure: the admin page gathers a PostureInput from the env, the
// database and the request, and every check reads only that object (and `now`, never the wall
// clock), so each verdict is reproducible in a unit test.

export type PostureStatus = "green" | "amber" | "red";

export type PostureCheckId =
  | "https"
  | "staff-two-factor"
  | "staff-passkeys"
  | "admin-allowlist"
  | "alerts"
  | "stripe-mode"
  | "fraud-rules"
  | "audit-chain"
  | "secrets"
  | "dependencies"
  | "runtime";

// `detail` and `fix` are shown to staff: they may name hosts and counts, never a secret value.
export type PostureResult = { id: PostureCheckId; title: string; status: PostureStatus; detail: string; fix: string };

// The settings the checks read; `env()` itself satisfies it.
export type PostureEnv = Pick<
  Env,
  | "NODE_ENV"
  | "DEMO_MODE"
  | "APP_URL"
  | "AUTH_SECRET"
  | "DATA_ENCRYPTION_KEYS"
  | "AUDIT_HMAC_KEYS"
  | "STRIPE_SECRET_KEY"
  | "STRIPE_WEBHOOK_SECRET"
  | "STRIPE_API_URL"
  | "SMTP_URL"
  | "ADMIN_ALLOWED_NETWORKS"
  | "STAFF_REQUIRE_PASSKEY"
  | "ALERT_EMAIL"
  | "ALERT_WEBHOOK_URL"
  | "ALERT_WEBHOOK_SECRET"
>;

type AlertDelivery = { ok: boolean; at: Date; channel: "email" | "webhook"; error?: string };

type FraudRuleSetting = { id: string; enabled: boolean; action: RuleAction };

type AuditVerification = { ok: boolean; checkedAt: Date; firstBadId?: string };

export type NpmAuditSummary = { ranAt: Date; high: number; critical: number };

export type PostureInput = {
  // The reference time for every "how long ago" question.
  now: Date;
  env: PostureEnv;
  // The Strict-Transport-Security value the store sends (null when absent), and the protocol the
  // current request reached the store over, after trusted proxies (null when unknown).
  https: { hstsHeader: string | null; requestProtocol: "http" | "https" | null };
  // Users whose role is ADMIN or REVIEWER, and how many of them have no TOTP enabled / no passkey.
  staff: { total: number; without2fa: number; withoutPasskey: number };
  lastAlertDelivery: AlertDelivery | null;
  fraudRules: readonly FraudRuleSetting[];
  // The store's hold score (lib/fraud/policy.ts): a combined score at or above it holds; null: off.
  fraudHoldScore: number | null;
  lastAuditVerification: AuditVerification | null;
  // Installed package name → version, e.g. { next: "16.4.6" }.
  dependencies: Readonly<Record<string, string>>;
  lastNpmAudit: NpmAuditSummary | null;
  // The Node.js version serving (process.version); whether client addresses come from the
  // connection (server.ts in front), and how many proxies are trusted.
  runtime: { node: string; fromSocket: boolean; trustedProxyHops: number };
};

export type PostureCheck = (input: PostureInput) => PostureResult;
