import "server-only";
import { authDeps } from "@/lib/auth/app-deps";
import type { AuthDeps } from "@/lib/auth/deps";
import { env } from "@/lib/env";
import { fraudMemoryKey } from "./fraud-memory";

// What the export and deletion need besides the account functions' dependencies.
export type PrivacyDeps = AuthDeps & {
  /** HMAC key for the fraud memory of deleted accounts (./fraud-memory.ts). */
  fraudMemoryKey: Buffer;
  fraudMemoryDays: number;
};

export function privacyDeps(): PrivacyDeps {
  const config = env();
  return {
    ...authDeps(),
    fraudMemoryKey: fraudMemoryKey(config.AUTH_SECRET),
    fraudMemoryDays: config.FRAUD_MEMORY_DAYS,
  };
}
