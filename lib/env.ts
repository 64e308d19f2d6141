// The one validated configuration. Nothing else reads process.env (build tooling aside).
// A missing or malformed value stops the server at start with a message naming it; in
// development `npm start` first writes generated secrets to .env.local (scripts/dev-env.ts).
import { z } from "zod";
import { isTimeZone } from "./dates/format";
import { parseCheckoutLimits } from "./checkout/limit-settings";
import { DEFAULT_FREE_SHIPPING_MIN_CENTS } from "./checkout/pricing";
import { logLevelSchema } from "./logging/level";

const bool = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const secret = (name: string) =>
  z.string({ error: `${name} is required` }).min(32, `${name} must be at least 32 characters of random data`);

const optionalUrl = z
  .string()
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));

/** Milliseconds server.ts shares an anonymous catalog page (0 turns sharing off). */
export const pageCacheMsSchema = z.coerce
  .number({ error: "PAGE_CACHE_MS must be a number of milliseconds" })
  .int("PAGE_CACHE_MS must be a whole number of milliseconds")
  .min(0, "PAGE_CACHE_MS must be 0 (off) or more")
  .max(60_000, "PAGE_CACHE_MS must be at most 60000: a stock or price change must show within seconds")
  .default(2_000);

/** How many reverse proxies of ours append to X-Forwarded-For (server.ts reads it too). */
export const trustedProxyHopsSchema = z.coerce
  .number({ error: "TRUSTED_PROXY_HOPS must be a whole number" })
  .int("TRUSTED_PROXY_HOPS must be a whole number")
  .min(0, "TRUSTED_PROXY_HOPS must be 0 (no proxy: the connection's address is the client) or more")
  .max(10, "TRUSTED_PROXY_HOPS must be at most 10")
  .default(0);

// Decodes one key of a `1:<key>,2:<key>` spec: 64 hex characters or base64/base64url of exactly
// 32 bytes (the formats lib/security/crypto.ts accepts). undefined when it is neither.
function decodeKey(raw: string): Buffer | undefined {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}$/.test(value))
    return Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return undefined;
}

/**
 * AUDIT_HMAC_KEYS: the versioned keys that sign the audit chain and its checkpoints (lib/audit).
 * Exported for `npm run audit:verify`, which runs on a host that may hold only this and
 * DATABASE_URL. Version 0 is reserved for the legacy unkeyed entries written before the keys.
 */
export const auditHmacKeysSchema = z
  .string({
    error:
      'AUDIT_HMAC_KEYS is required: the audit log is signed with it (generate one with `echo "1:$(openssl rand -base64 32)"`)',
  })
  .regex(/^\d+:[A-Za-z0-9+/=_-]+(,\d+:[A-Za-z0-9+/=_-]+)*$/, "AUDIT_HMAC_KEYS must look like 1:<base64 32 bytes>[,2:…]")
  .superRefine((spec, ctx) => {
    const seen = new Set<number>();
    for (const entry of spec.split(",")) {
      const [rawVersion = "", rawKey = ""] = entry.split(":");
      const version = Number(rawVersion);
      if (!Number.isSafeInteger(version) || version < 1 || version > 999_999_999) {
        ctx.addIssue({
          code: "custom",
          message: `AUDIT_HMAC_KEYS version ${rawVersion} must be a whole number from 1 (0 is the legacy unkeyed chain)`,
        });
        continue;
      }
      if (seen.has(version))
        ctx.addIssue({ code: "custom", message: `AUDIT_HMAC_KEYS names version ${version} twice` });
      seen.add(version);
      const key = decodeKey(rawKey);
      if (key?.length !== 32) {
        ctx.addIssue({
          code: "custom",
          message: `AUDIT_HMAC_KEYS v${version} must be exactly 32 random bytes in base64 or hex (\`openssl rand -base64 32\`)`,
        });
      } else if (new Set(key).size < 12) {
        // 32 random bytes hold about 31 distinct values; a handful means a typed or patterned key.
        ctx.addIssue({
          code: "custom",
          message: `AUDIT_HMAC_KEYS v${version} is weak (repetitive bytes): generate it with \`openssl rand -base64 32\``,
        });
      }
    }
  });

function retentionDays(name: string, fallback: number) {
  return z.coerce
    .number({ error: `${name} must be a number of days` })
    .int(`${name} must be a whole number of days`)
    .min(1, `${name} must be at least 1 day`)
    .max(3650, `${name} must be at most 3650 days (10 years)`)
    .default(fallback);
}

// Every setting, once; the web server's schema takes them all, the sweep's only what its jobs use.
const fields = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DEMO_MODE: bool,
  APP_URL: z.string().url("APP_URL must be the store's public URL, e.g. https://shop.example.com"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must be file:./path.db or postgresql://…"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  PAGE_CACHE_MS: pageCacheMsSchema,
  // The store's time zone: every date a page shows is in it, and named (lib/dates/).
  STORE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, "STORE_TIME_ZONE must be an IANA time zone such as Europe/Berlin or America/New_York")
    .default("UTC"),
  AUTH_SECRET: secret("AUTH_SECRET"),
  DATA_ENCRYPTION_KEYS: z
    .string({ error: "DATA_ENCRYPTION_KEYS is required" })
    .regex(
      /^\d+:[A-Za-z0-9+/=_-]+(,\d+:[A-Za-z0-9+/=_-]+)*$/,
      "DATA_ENCRYPTION_KEYS must look like 1:<base64 32 bytes>[,2:…]",
    ),
  AUDIT_HMAC_KEYS: auditHmacKeysSchema,
  // Where the sweep appends signed audit checkpoints (JSON lines); best kept off the database host.
  AUDIT_CHECKPOINT_FILE: z
    .string()
    .trim()
    .min(1)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, "STRIPE_SECRET_KEY must start with sk_test_, sk_live_ or rk_")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_/, "STRIPE_WEBHOOK_SECRET must start with whsec_")
    .optional(),
  STRIPE_API_URL: optionalUrl,
  // Where the shopper's browser is sent to pay (the CSP's form-action names its origin): Stripe's
  // https://checkout.stripe.com by default, the emulator's STRIPE_API_URL when that is set.
  // Set it for a Stripe custom checkout domain, or when the emulator's page is served under
  // another URL (its EMULATOR_PUBLIC_URL, e.g. https behind the same TLS proxy as the store).
  STRIPE_CHECKOUT_URL: optionalUrl,
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must be smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().default("Secure Store <no-reply@localhost>"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must be redis:// or rediss://")
    .optional(),
  TRUSTED_PROXY_HOPS: trustedProxyHopsSchema,
  // Checkout start limits (lib/checkout/start-limits.ts, docs/checkout-shield.md): overrides such
  // as "address=40/15m,store=1200/1m"; empty keeps the defaults.
  CHECKOUT_LIMITS: z
    .string()
    .optional()
    .transform((spec, ctx) => {
      try {
        return parseCheckoutLimits(spec);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: error instanceof Error ? error.message : "CHECKOUT_LIMITS is invalid",
        });
        return z.NEVER;
      }
    }),
  // Standard shipping is free from this order subtotal, in the store currency's minor units
  // (lib/checkout/pricing.ts); 0: never free.
  FREE_SHIPPING_MIN_CENTS: z.coerce.number().int().min(0).max(100_000_000).default(DEFAULT_FREE_SHIPPING_MIN_CENTS),
  ADMIN_ALLOWED_NETWORKS: z.string().optional(),
  ADMIN_STEP_UP_CENTS: z.coerce.number().int().min(0).default(50_000),
  // Two-person control (lib/orders/dual-control.ts): approvals above this total, and refunds
  // taking an order's refunds above it, need a second staff member. 0 turns it off.
  ADMIN_DUAL_CONTROL_CENTS: z.coerce.number().int().min(0).default(50_000),
  // 1 = staff reach the admin area only from a session signed in with a passkey (TOTP and
  // recovery codes then only get them to /account/security, to add or replace one).
  STAFF_REQUIRE_PASSKEY: bool,
  // Staff sessions end after this long without a request, and this long after sign-in whatever happens.
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  STAFF_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  // Retention (lib/privacy/retention.ts, docs/privacy.md): how many days the sweep keeps sign-in
  // events, client IP addresses and user agents, development outbox emails, and the keyed hashes
  // of a deleted customer's identifiers the fraud rules may still match.
  RETENTION_SIGN_IN_EVENTS_DAYS: retentionDays("RETENTION_SIGN_IN_EVENTS_DAYS", 90),
  RETENTION_CLIENT_ADDRESS_DAYS: retentionDays("RETENTION_CLIENT_ADDRESS_DAYS", 365),
  RETENTION_OUTBOX_DAYS: retentionDays("RETENTION_OUTBOX_DAYS", 30),
  FRAUD_MEMORY_DAYS: retentionDays("FRAUD_MEMORY_DAYS", 730),
  ALERT_EMAIL: z.string().email().optional(),
  ALERT_WEBHOOK_URL: optionalUrl,
  ALERT_WEBHOOK_SECRET: z.string().min(32).optional(),
  // 1 = this instance runs no background jobs (alert retries, authorization sweep); run
  // `npm run sweep` from cron instead, or let another instance do it.
  STORE_DISABLE_SCHEDULER: bool,
  // The least severe log level written (lib/logging/logger.ts reads it; checked here at start).
  LOG_LEVEL: logLevelSchema,
  // The folder uploaded product pictures are written to and served from
  // (lib/catalog/images/storage.ts); relative to the working directory. Several instances share it.
  PRODUCT_IMAGES_DIR: z
    .string()
    .trim()
    .optional()
    .transform((dir) => dir || ".data/product-images"),
};

type StripeSettings = { NODE_ENV: string; DEMO_MODE: boolean; STRIPE_SECRET_KEY?: string; STRIPE_API_URL?: string };

function checkStripe(env: StripeSettings, ctx: z.RefinementCtx): void {
  const emulated = env.STRIPE_API_URL !== undefined;
  if (!env.STRIPE_SECRET_KEY) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_SECRET_KEY"],
      message: "STRIPE_SECRET_KEY is required (npm start sets one for the local emulator)",
    });
  }
  if (emulated && env.NODE_ENV === "production" && !env.DEMO_MODE) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_API_URL"],
      message: "STRIPE_API_URL (the local emulator) is only for development, tests and DEMO_MODE",
    });
  }
  if (env.STRIPE_SECRET_KEY?.includes("_live_") && emulated) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_API_URL"],
      message: "a live Stripe key must not be sent to the emulator",
    });
  }
}

function checkAlertWebhook(
  env: { ALERT_WEBHOOK_URL?: string; ALERT_WEBHOOK_SECRET?: string },
  ctx: z.RefinementCtx,
): void {
  if (env.ALERT_WEBHOOK_URL && !env.ALERT_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["ALERT_WEBHOOK_SECRET"],
      message: "ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set",
    });
  }
}

export const envSchema = z.object(fields).superRefine((env, ctx) => {
  checkStripe(env, ctx);
  // An https store that sends shoppers to an http payment page sends card numbers in the clear
  // (and its CSP would name an http: origin). Refused at start rather than half-working.
  const paymentPage = env.STRIPE_CHECKOUT_URL ?? env.STRIPE_API_URL;
  if (env.APP_URL.startsWith("https://") && paymentPage && !paymentPage.startsWith("https://")) {
    ctx.addIssue({
      code: "custom",
      path: [env.STRIPE_CHECKOUT_URL ? "STRIPE_CHECKOUT_URL" : "STRIPE_API_URL"],
      message:
        "an https APP_URL needs an https payment page: serve the emulator's page over https (EMULATOR_PUBLIC_URL behind your TLS proxy) and set STRIPE_CHECKOUT_URL to it",
    });
  }
  if (!env.STRIPE_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_WEBHOOK_SECRET"],
      message: "STRIPE_WEBHOOK_SECRET is required to verify Stripe's webhooks",
    });
  }
  // One key, one purpose: a key that also encrypts secrets at rest must not sign the audit log.
  const keysOf = (spec: string) =>
    spec.split(",").flatMap((e) => decodeKey(e.slice(e.indexOf(":") + 1))?.toString("hex") ?? []);
  const dataKeys = new Set(keysOf(env.DATA_ENCRYPTION_KEYS));
  if (keysOf(env.AUDIT_HMAC_KEYS).some((k) => dataKeys.has(k))) {
    ctx.addIssue({
      code: "custom",
      path: ["AUDIT_HMAC_KEYS"],
      message: "AUDIT_HMAC_KEYS must not reuse a key from DATA_ENCRYPTION_KEYS",
    });
  }
  checkAlertWebhook(env, ctx);
});

/**
 * `npm run sweep` (cron): the database, the payment provider, mail and alert channels, and the
 * store's URL for the links in the emails it sends. No session, encryption or webhook secret:
 * it serves no page. AUTH_SECRET is optional: with it, a guest's "order cancelled" email links
 * to the order (that link is signed with it); without it, the email goes without the link.
 */
export const sweepEnvSchema = z
  .object({
    NODE_ENV: fields.NODE_ENV,
    DEMO_MODE: fields.DEMO_MODE,
    APP_URL: fields.APP_URL,
    DATABASE_URL: fields.DATABASE_URL,
    DATABASE_POOL_SIZE: fields.DATABASE_POOL_SIZE,
    LOG_LEVEL: fields.LOG_LEVEL,
    AUTH_SECRET: fields.AUTH_SECRET.optional(),
    STRIPE_SECRET_KEY: fields.STRIPE_SECRET_KEY,
    STRIPE_API_URL: fields.STRIPE_API_URL,
    SMTP_URL: fields.SMTP_URL,
    MAIL_FROM: fields.MAIL_FROM,
    ALERT_EMAIL: fields.ALERT_EMAIL,
    ALERT_WEBHOOK_URL: fields.ALERT_WEBHOOK_URL,
    ALERT_WEBHOOK_SECRET: fields.ALERT_WEBHOOK_SECRET,
    // The sweep exports the signed audit checkpoint (lib/audit/checkpoint.ts).
    AUDIT_HMAC_KEYS: fields.AUDIT_HMAC_KEYS,
    AUDIT_CHECKPOINT_FILE: fields.AUDIT_CHECKPOINT_FILE,
    // The sweep applies the retention periods (lib/privacy/retention.ts).
    RETENTION_SIGN_IN_EVENTS_DAYS: fields.RETENTION_SIGN_IN_EVENTS_DAYS,
    RETENTION_CLIENT_ADDRESS_DAYS: fields.RETENTION_CLIENT_ADDRESS_DAYS,
    RETENTION_OUTBOX_DAYS: fields.RETENTION_OUTBOX_DAYS,
    // The sweep deletes picture files no product uses (lib/catalog/images/orphans.ts).
    PRODUCT_IMAGES_DIR: fields.PRODUCT_IMAGES_DIR,
  })
  .superRefine((env, ctx) => {
    checkStripe(env, ctx);
    checkAlertWebhook(env, ctx);
  });

export type SweepEnv = z.infer<typeof sweepEnvSchema>;

export type Env = z.infer<typeof envSchema>;

/** The origin of the hosted payment page the shopper's browser is sent to (see STRIPE_CHECKOUT_URL). */
export function checkoutOrigin(config: { STRIPE_API_URL?: string; STRIPE_CHECKOUT_URL?: string }): string {
  return new URL(config.STRIPE_CHECKOUT_URL ?? config.STRIPE_API_URL ?? "https://checkout.stripe.com").origin;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parseWith<T>(schema: z.ZodType<T>, source: Record<string, string | undefined>, what: string): T {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration; ${what}:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return result.data;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseWith(envSchema, source, "the store will not start");
}

/** The sweep's own configuration (scripts/sweep.ts); it never calls env(). */
export function parseSweepEnv(source: Record<string, string | undefined>): SweepEnv {
  return parseWith(sweepEnvSchema, source, "the sweep will not run");
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
