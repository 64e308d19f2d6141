import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendAfterResponse } from "@/lib/notify/store-mailer";
import { parseKeyringSpec, type Keyring } from "@/lib/security/crypto";
import type { AuthDeps } from "./deps";
import { limits } from "./limits";
import type { StaffSessionPolicy } from "./sessions";

const globalForKeys = globalThis as unknown as { storeKeyring?: Keyring };

export function keyring(): Keyring {
  globalForKeys.storeKeyring ??= parseKeyringSpec(env().DATA_ENCRYPTION_KEYS);
  return globalForKeys.storeKeyring;
}

/** The account functions' dependencies for a request in the running app. */
export function authDeps(): AuthDeps {
  return {
    db: db(),
    limits: limits(),
    keyring: keyring(),
    appUrl: env().APP_URL.replace(/\/$/, ""),
    notify: sendAfterResponse,
    now: () => new Date(),
  };
}

/** STAFF_SESSION_IDLE_MINUTES and STAFF_SESSION_MAX_HOURS as the session check takes them. */
export function staffSessionPolicy(): StaffSessionPolicy {
  return { idleMs: env().STAFF_SESSION_IDLE_MINUTES * 60_000, maxAgeMs: env().STAFF_SESSION_MAX_HOURS * 3_600_000 };
}
