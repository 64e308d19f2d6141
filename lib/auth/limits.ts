import "server-only";
import { env } from "@/lib/env";
import { createLimiterStore, createPolicies, type Policies } from "@/lib/rate-limit";

// The app's rate limits: in memory by default, in Redis (shared by every instance) when
// REDIS_URL is set. One set per process (kept on globalThis across development reloads).
const globalForLimits = globalThis as unknown as { storeLimits?: Policies };

export function limits(): Policies {
  globalForLimits.storeLimits ??= createPolicies(
    createLimiterStore({ redisUrl: env().REDIS_URL, keyPrefix: "store:rl" }),
  );
  return globalForLimits.storeLimits;
}
