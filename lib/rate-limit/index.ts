import "server-only";

export { ipBucketKey } from "@/lib/rate-limit/keys";
export { createLimiter, limitAll } from "@/lib/rate-limit/limiter";
export type { Limiter } from "@/lib/rate-limit/limiter";
export { createPolicies } from "@/lib/rate-limit/policies";
export type { Policies } from "@/lib/rate-limit/policies";
export { createLimiterStore } from "@/lib/rate-limit/store";
export type { LimiterStore } from "@/lib/rate-limit/store";
