import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";

// The one Stripe client, with a pinned API version. In development and tests STRIPE_API_URL
// points the same official SDK at the local emulator; in production it talks to Stripe.
const STRIPE_API_VERSION = "2026-10-28.endive" as const;

export function createStripe(secretKey: string, apiUrl?: string): Stripe {
  const base: Stripe.StripeConfig = {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  };
  if (!apiUrl) return new Stripe(secretKey, base);
  const url = new URL(apiUrl);
  return new Stripe(secretKey, {
    ...base,
    host: url.hostname,
    port: url.port || (url.protocol === "https:" ? 443 : 80),
    protocol: url.protocol === "https:" ? "https" : "http",
  });
}

const globalForStripe = globalThis as unknown as { storeStripe?: Stripe };

export function stripe(): Stripe {
  const config = env();
  globalForStripe.storeStripe ??= createStripe(config.STRIPE_SECRET_KEY ?? "", config.STRIPE_API_URL);
  return globalForStripe.storeStripe;
}

export function webhookSecret(): string {
  return env().STRIPE_WEBHOOK_SECRET ?? "";
}
