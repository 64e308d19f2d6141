// The checkout start limits' settings (lib/checkout/start-limits.ts), kept free of server-only
// imports so lib/env.ts can validate CHECKOUT_LIMITS at start-up.

export type CheckoutLimitName = "address" | "network" | "cart" | "email" | "account" | "store";
type CheckoutLimitSetting = { points: number; durationSec: number };
export type CheckoutLimitSettings = Record<CheckoutLimitName, CheckoutLimitSetting>;

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const CHECKOUT_LIMIT_DEFAULTS: Readonly<CheckoutLimitSettings> = Object.freeze({
  address: { points: 20, durationSec: 15 * MINUTE },
  network: { points: 60, durationSec: 15 * MINUTE },
  cart: { points: 10, durationSec: 15 * MINUTE },
  email: { points: 10, durationSec: HOUR },
  account: { points: 10, durationSec: HOUR },
  store: { points: 600, durationSec: MINUTE },
});

export const CHECKOUT_LIMIT_NAMES = Object.keys(CHECKOUT_LIMIT_DEFAULTS) as CheckoutLimitName[];
const NAMES = CHECKOUT_LIMIT_NAMES;
const UNITS: Record<string, number> = { s: 1, m: MINUTE, h: HOUR };

/**
 * Parses CHECKOUT_LIMITS, e.g. "address=40/15m,store=1200/1m": each entry replaces one default
 * (points per window; the window in s, m or h). Throws with a readable message on anything else.
 */
export function parseCheckoutLimits(spec: string | undefined): CheckoutLimitSettings {
  const settings: CheckoutLimitSettings = { ...CHECKOUT_LIMIT_DEFAULTS };
  for (const raw of (spec ?? "").split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const match = /^([a-z]+)=(\d{1,7})\/(\d{1,5})([smh])$/.exec(entry);
    const name = match?.[1] as CheckoutLimitName | undefined;
    if (!match || !name || !NAMES.includes(name)) {
      throw new Error(
        `CHECKOUT_LIMITS: "${entry}" must look like name=points/window (names: ${NAMES.join(", ")}; window like 15m, 1h, 60s)`,
      );
    }
    const points = Number(match[2]);
    const durationSec = Number(match[3]) * UNITS[match[4]!]!;
    if (points < 1 || durationSec < 1 || durationSec > 7 * 24 * HOUR) {
      throw new Error(`CHECKOUT_LIMITS: "${entry}" needs at least 1 point and a window from 1s to 168h`);
    }
    settings[name] = { points, durationSec };
  }
  return settings;
}

/**
 * The per-client limits while the decline-ratio breaker is open (lib/shield/breaker.ts), on top
 * of the normal ones: still enough for a shopper whose card is declined once or twice.
 */
export const CHECKOUT_STRICT_LIMITS: Readonly<Omit<CheckoutLimitSettings, "store">> = Object.freeze({
  address: { points: 4, durationSec: 15 * MINUTE },
  network: { points: 12, durationSec: 15 * MINUTE },
  cart: { points: 4, durationSec: 15 * MINUTE },
  email: { points: 4, durationSec: HOUR },
  account: { points: 4, durationSec: HOUR },
});
