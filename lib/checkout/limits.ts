import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { breakerGuard } from "@/lib/shield/breaker";
import { createLimiterStore } from "@/lib/rate-limit";
import { createCheckoutLimits, type CheckoutLimits } from "./start-limits";

// The store's checkout start limits: in memory by default, in Redis (shared by every instance)
// when REDIS_URL is set. One set per process (kept on globalThis across development reloads).
const globalForLimits = globalThis as unknown as { checkoutLimits?: CheckoutLimits; checkoutBreaker?: () => Promise<boolean> };

export function checkoutLimits(): CheckoutLimits {
  globalForLimits.checkoutLimits ??= createCheckoutLimits(
    createLimiterStore({ redisUrl: env().REDIS_URL, keyPrefix: "store:rl" }),
    env().CHECKOUT_LIMITS,
  );
  return globalForLimits.checkoutLimits;
}

/** Whether the decline-ratio breaker is open, evaluated at most once a second per process. */
export function checkoutBreakerOpen(): Promise<boolean> {
  globalForLimits.checkoutBreaker ??= breakerGuard(db);
  return globalForLimits.checkoutBreaker();
}
