import "server-only";
import { env } from "@/lib/env";
import { createLimiterStore } from "@/lib/rate-limit";
import { createCheckoutLimits, type CheckoutLimits } from "./start-limits";

// The store's checkout start limits: in memory by default, in Redis (shared by every instance)
// when REDIS_URL is set. One set per process (kept on globalThis across development reloads).
const globalForLimits = globalThis as unknown as { checkoutLimits?: CheckoutLimits };

export function checkoutLimits(): CheckoutLimits {
  globalForLimits.checkoutLimits ??= createCheckoutLimits(
    createLimiterStore({ redisUrl: env().REDIS_URL, keyPrefix: "store:rl" }),
    env().CHECKOUT_LIMITS,
  );
  return globalForLimits.checkoutLimits;
}
