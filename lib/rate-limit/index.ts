import "server-only";

export { hashKey, ipBucketKey } from "@/lib/rate-limit/keys";
export { createLimiter, limitAll } from "@/lib/rate-limit/limiter";
export type {
  ConsumeResult,
  Limiter,
  LimiterOptions,
  PeekResult,
} from "@/lib/rate-limit/limiter";
export { createPolicies, POLICIES } from "@/lib/rate-limit/policies";
export type { Policies, PolicyName } from "@/lib/rate-limit/policies";
export { createLimiterStore } from "@/lib/rate-limit/store";
export type { LimiterStore, LimiterStoreOptions } from "@/lib/rate-limit/store";
