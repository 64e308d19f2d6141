import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hkdfSync } from "node:crypto";
import { breakerGuard } from "@/lib/shield/breaker";
import { createChallenges } from "@/lib/shield/challenge";
import { createCheckoutChallengeGate, type CheckoutChallengeGate } from "@/lib/shield/checkout-challenge";
import { createLimiterStore, type LimiterStore } from "@/lib/rate-limit";
import { createCheckoutLimits, type CheckoutLimits } from "./start-limits";

// The store's checkout start limits and challenge replay store: in memory by default, in Redis
// (shared by every instance) when REDIS_URL is set. One set per process (kept on globalThis
// across development reloads).
const globalForLimits = globalThis as unknown as {
  checkoutStore?: LimiterStore;
  checkoutLimits?: CheckoutLimits;
  checkoutBreaker?: () => Promise<boolean>;
  checkoutChallenge?: CheckoutChallengeGate;
};

function store(): LimiterStore {
  globalForLimits.checkoutStore ??= createLimiterStore({ redisUrl: env().REDIS_URL, keyPrefix: "store:rl" });
  return globalForLimits.checkoutStore;
}

export function checkoutLimits(): CheckoutLimits {
  globalForLimits.checkoutLimits ??= createCheckoutLimits(store(), env().CHECKOUT_LIMITS);
  return globalForLimits.checkoutLimits;
}

/** The challenge key: derived from AUTH_SECRET with its own label, so every instance signs alike. */
function challengeKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, Buffer.alloc(0), "secure-store checkout challenge v1", 32));
}

/** When checkout asks for a proof-of-work challenge, and the challenges themselves. */
export function checkoutChallengeGate(): CheckoutChallengeGate {
  globalForLimits.checkoutChallenge ??= createCheckoutChallengeGate({
    limits: checkoutLimits(),
    challenges: createChallenges(challengeKey(env().AUTH_SECRET), store()),
    breakerOpen: checkoutBreakerOpen,
  });
  return globalForLimits.checkoutChallenge;
}

/** Whether the decline-ratio breaker is open, evaluated at most once a second per process. */
export function checkoutBreakerOpen(): Promise<boolean> {
  globalForLimits.checkoutBreaker ??= breakerGuard(db);
  return globalForLimits.checkoutBreaker();
}
