import "server-only";

import { createLimiter, type Limiter, type LimiterOptions } from "@/lib/rate-limit/limiter";
import type { LimiterStore } from "@/lib/rate-limit/store";

// The store's named limits. Per-IP limits slow down spraying many accounts from one place
// (key them with ipBucketKey(clientIp(...))); per-account limits stop slow, distributed
// guessing against one account (key them with the account id, or the normalized email when no
// account exists, so unknown emails are limited exactly like known ones and the response does
// not reveal which accounts exist).

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const POLICIES = {
  /** 20 sign-in attempts per IP per 15 minutes. */
  signInPerIp: { name: "sign-in-ip", points: 20, durationSec: 15 * MINUTE },
  /**
   * 5 consecutive failures (remembered for a day, cleared by reset() on success) lock the
   * account for 30 min, then 1 h, 2 h, ... up to 24 h; lockout history kept 7 days. A password
   * reset lifts the lock (lib/auth/password-reset.ts). PCI DSS v4.0.1 requirement 8.3.4: at
   * most 10 invalid attempts, then locked out for at least 30 minutes or until the user's
   * identity is confirmed.
   */
  signInPerAccount: {
    name: "sign-in-account",
    points: 5,
    durationSec: DAY,
    blockSec: 30 * MINUTE,
    progressive: { maxBlockSec: DAY, memorySec: 7 * DAY },
  },
  /**
   * 5 TOTP / recovery-code attempts per account per 5 minutes. Progressive as well: a plain
   * 5-per-5-minutes limit would still allow ~1,400 guesses a day at a 6-digit code.
   */
  totpPerAccount: {
    name: "totp-account",
    points: 5,
    durationSec: 5 * MINUTE,
    blockSec: 5 * MINUTE,
    progressive: { maxBlockSec: DAY, memorySec: 7 * DAY },
  },
  /**
   * 30 passkey sign-in requests per IP per 15 minutes; asking for a challenge and answering it
   * each take one, so 15 passkey sign-ins. Each challenge is a database row, so asking is limited too.
   */
  passkeySignInPerIp: { name: "passkey-sign-in-ip", points: 30, durationSec: 15 * MINUTE },
  /** 5 registrations per IP per hour. */
  registerPerIp: { name: "register-ip", points: 5, durationSec: HOUR },
  /** 5 password-reset requests per IP per hour. */
  resetPerIp: { name: "password-reset-ip", points: 5, durationSec: HOUR },
  /** 3 password-reset emails per account per hour (stops mail-bombing one inbox). */
  resetPerAccount: {
    name: "password-reset-account",
    points: 3,
    durationSec: HOUR,
  },
  /**
   * 5 data exports or account-deletion attempts per account per hour: each checks the password
   * (so this also bounds password guessing from a stolen session) and an export reads every row
   * the customer has.
   */
  accountDataPerAccount: { name: "account-data-account", points: 5, durationSec: HOUR },
  /**
   * 120 order-status checks per IP per minute: the checkout return page polls with backoff (a
   * dozen a minute at most), so many shoppers behind one address fit, and guessing is pointless
   * anyway (an answer needs the order's capability cookie).
   */
  orderStatusPerIp: { name: "order-status-ip", points: 120, durationSec: MINUTE },
} as const satisfies Record<string, LimiterOptions>;

type PolicyName = keyof typeof POLICIES;
export type Policies = Readonly<Record<PolicyName, Limiter>>;

/** Creates every named limiter on the store; call once at start-up and share the result. */
export function createPolicies(store: LimiterStore): Policies {
  const entries = Object.entries(POLICIES).map(([policy, options]) => [policy, createLimiter(store, options)] as const);
  return Object.freeze(Object.fromEntries(entries)) as Policies;
}
