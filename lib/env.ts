// The one validated configuration. Nothing else reads process.env (build tooling aside).
// A missing or malformed value stops the server at start with a message naming it; in
// development `npm start` first writes generated secrets to .env.local (scripts/dev-env.ts).
import { z } from "zod";

const bool = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const secret = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .min(32, `${name} must be at least 32 characters of random data`);

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

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DEMO_MODE: bool,
    APP_URL: z.string().url("APP_URL must be the store's public URL, e.g. https://shop.example.com"),
    DATABASE_URL: z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must be file:./path.db or postgresql://…"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    PAGE_CACHE_MS: pageCacheMsSchema,
    AUTH_SECRET: secret("AUTH_SECRET"),
    DATA_ENCRYPTION_KEYS: z
      .string({ error: "DATA_ENCRYPTION_KEYS is required" })
      .regex(/^\d+:[A-Za-z0-9+/=_-]+(,\d+:[A-Za-z0-9+/=_-]+)*$/, "DATA_ENCRYPTION_KEYS must look like 1:<base64 32 bytes>[,2:…]"),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "STRIPE_SECRET_KEY must start with sk_test_, sk_live_ or rk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_/, "STRIPE_WEBHOOK_SECRET must start with whsec_").optional(),
    STRIPE_API_URL: optionalUrl,
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must be smtp:// or smtps://").optional(),
    MAIL_FROM: z.string().default("Secure Store <no-reply@localhost>"),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "REDIS_URL must be redis:// or rediss://").optional(),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    ADMIN_ALLOWED_NETWORKS: z.string().optional(),
    ADMIN_STEP_UP_CENTS: z.coerce.number().int().min(0).default(50_000),
    // 1 = staff reach the admin area only from a session signed in with a passkey (TOTP and
    // recovery codes then only get them to /account/security, to add or replace one).
    STAFF_REQUIRE_PASSKEY: bool,
    // Staff sessions end after this long without a request, and this long after sign-in whatever happens.
    STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
    STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    ALERT_EMAIL: z.string().email().optional(),
    ALERT_WEBHOOK_URL: optionalUrl,
    ALERT_WEBHOOK_SECRET: z.string().min(32).optional(),
    // 1 = this instance runs no background jobs (alert retries, authorization sweep); run
    // `npm run sweep` from cron instead, or let another instance do it.
    STORE_DISABLE_SCHEDULER: bool,
  })
  .superRefine((env, ctx) => {
    const emulated = env.STRIPE_API_URL !== undefined;
    if (!env.STRIPE_SECRET_KEY) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_SECRET_KEY"], message: "STRIPE_SECRET_KEY is required (npm start sets one for the local emulator)" });
    }
    if (!env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_WEBHOOK_SECRET"], message: "STRIPE_WEBHOOK_SECRET is required to verify Stripe's webhooks" });
    }
    if (emulated && env.NODE_ENV === "production" && !env.DEMO_MODE) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_API_URL"], message: "STRIPE_API_URL (the local emulator) is only for development, tests and DEMO_MODE" });
    }
    if (env.STRIPE_SECRET_KEY?.includes("_live_") && emulated) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_API_URL"], message: "a live Stripe key must not be sent to the emulator" });
    }
    if (env.ALERT_WEBHOOK_URL && !env.ALERT_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["ALERT_WEBHOOK_SECRET"], message: "ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set" });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(config)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration; the store will not start:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
export const usesEmulator = () => env().STRIPE_API_URL !== undefined;
