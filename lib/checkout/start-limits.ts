import "server-only";
import { AppError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/fraud/normalize";
import { formatIp, parseIp } from "@/lib/net/ip";
import { createLimiter, type Limiter, type LimiterStore } from "@/lib/rate-limit";
import {
  CHECKOUT_LIMIT_DEFAULTS,
  CHECKOUT_LIMIT_NAMES as NAMES,
  CHECKOUT_STRICT_LIMITS,
  type CheckoutLimitName,
  type CheckoutLimitSettings,
} from "./limit-settings";

export { CHECKOUT_LIMIT_DEFAULTS, parseCheckoutLimits, type CheckoutLimitSettings } from "./limit-settings";

// Checkout start limits: the first line against card testing (OWASP OAT-001). Every checkout
// start opens an order, reserves stock and creates a session at the payment provider, so a bot
// that may start checkouts freely can try thousands of stolen cards. Each start is counted,
// before anything is created, against:
//   address  the client's single IP address (IPv4 /32, IPv6 /128)
//   network  its network: IPv4 /24, IPv6 /64 (one subscriber or one hosting block)
//   cart     the browser's cart cookie
//   email    the normalized email (case, +tags and Gmail dots folded: lib/fraud/normalize)
//   account  the signed-in account
//   store    every checkout start in the store, per minute (a ceiling, not a per-client limit)
// The defaults are far above what a shopper needs (a retry after a declined card starts a new
// checkout, so a shopper who mistypes a card three times uses 4) and far below what a bot needs.
// Tune them with CHECKOUT_LIMITS (docs/checkout-shield.md). With REDIS_URL every instance
// shares the counts; without it each instance counts on its own.

/** Who is starting a checkout, as the server knows it (never a value the client chose freely). */
export type CheckoutClient = {
  ip: string | null;
  cartToken: string | undefined;
  email: string;
  userId: string | null;
};

export type CheckoutLimitRefusal = { allowed: false; limit: CheckoutLimitName; retryAfterSec: number };
type CheckoutLimitResult = { allowed: true } | CheckoutLimitRefusal;

type ConsumeOptions = { strict?: boolean; beforeStore?: () => Promise<void> };

export interface CheckoutLimits {
  readonly settings: Readonly<CheckoutLimitSettings>;
  /**
   * Counts one checkout start for the client; refused when any limit is exceeded. `strict`
   * (the decline-ratio breaker is open) adds the stricter per-client limits. `beforeStore` runs
   * once every per-client limit allowed the start and before the store-wide ceiling counts it
   * (the proof-of-work check): a start it refuses (by throwing) takes nothing from the budget
   * real shoppers share.
   */
  consume(client: CheckoutClient, options?: ConsumeOptions): Promise<CheckoutLimitResult>;
  /** Like consume(), but throws the shopper-facing RATE_LIMITED AppError when refused. */
  enforce(client: CheckoutClient, options?: ConsumeOptions): Promise<void>;
  /**
   * The client's checkout starts in the current windows, without counting one: the most of its
   * address's and its cart's, and whether either has reached half its limit (the soft limit
   * past which a proof-of-work challenge is asked, lib/shield/checkout-challenge.ts).
   */
  recent(client: Pick<CheckoutClient, "ip" | "cartToken">): Promise<{ starts: number; overSoftLimit: boolean }>;
}

/** The client's address and network keys; none for an unknown or invalid address. */
export function networkKeys(ip: string | null): { address: string; network: string } | null {
  const parsed = ip ? parseIp(ip) : null;
  if (!parsed) return null;
  const bits = parsed.version === 4 ? 32n : 128n;
  const prefix = parsed.version === 4 ? 24n : 64n;
  const mask = ((1n << bits) - 1n) ^ ((1n << (bits - prefix)) - 1n);
  return {
    address: formatIp(parsed),
    network: `${formatIp({ version: parsed.version, value: parsed.value & mask })}/${prefix}`,
  };
}

/** The message a refused shopper reads: what happened, and when to try again. */
export function refusalMessage(refusal: CheckoutLimitRefusal): string {
  if (refusal.limit === "store") {
    return "We are receiving an unusually high number of checkouts right now. Your cart is saved; please try again in a minute.";
  }
  const minutes = Math.max(1, Math.ceil(refusal.retryAfterSec / 60));
  const wait =
    minutes === 1
      ? "a minute"
      : minutes < 60
        ? `${minutes} minutes`
        : `${Math.ceil(minutes / 60)} hour${minutes > 60 ? "s" : ""}`;
  return `Too many checkout attempts. Your cart is saved; please wait ${wait} and try again.`;
}

export function createCheckoutLimits(
  store: LimiterStore,
  settings: CheckoutLimitSettings = { ...CHECKOUT_LIMIT_DEFAULTS },
): CheckoutLimits {
  const limiters = Object.fromEntries(
    NAMES.map((name) => [name, createLimiter(store, { name: `checkout-${name}`, ...settings[name] })]),
  ) as Record<CheckoutLimitName, Limiter>;
  const strictLimiters = Object.fromEntries(
    Object.entries(CHECKOUT_STRICT_LIMITS).map(([name, setting]) => [
      name,
      createLimiter(store, { name: `checkout-strict-${name}`, ...setting }),
    ]),
  ) as Record<Exclude<CheckoutLimitName, "store">, Limiter>;

  async function consume(
    client: CheckoutClient,
    { strict = false, beforeStore }: ConsumeOptions = {},
  ): Promise<CheckoutLimitResult> {
    const keys: Array<[CheckoutLimitName, string]> = [];
    const net = networkKeys(client.ip);
    // An unknown address (no trusted proxy configured, a local socket) is not one shared bucket:
    // that would let one bot refuse every such shopper. The other limits still apply.
    if (net) keys.push(["address", net.address], ["network", net.network]);
    if (client.cartToken) keys.push(["cart", client.cartToken]);
    const email = normalizeEmail(client.email);
    if (email) keys.push(["email", email]);
    if (client.userId) keys.push(["account", client.userId]);
    // Every per-client counter is consumed even when one refuses, so tripping one limit does
    // not spare the others.
    const pairs: Array<[CheckoutLimitName, Limiter, string]> = keys.map(([name, key]) => [name, limiters[name], key]);
    if (strict) for (const [name, key] of keys) if (name !== "store") pairs.push([name, strictLimiters[name], key]);
    const results = await Promise.all(
      pairs.map(async ([name, limiter, key]) => ({ name, result: await limiter.consume(key) })),
    );
    let worst: CheckoutLimitRefusal | null = null;
    for (const { name, result } of results) {
      if (!result.allowed && (!worst || result.retryAfterSec > worst.retryAfterSec))
        worst = { allowed: false, limit: name, retryAfterSec: result.retryAfterSec };
    }
    if (worst) return worst;
    // The store-wide ceiling counts only starts every per-client limit (and the check before
    // it) allowed: refused bot requests must not use up the budget real shoppers share.
    await beforeStore?.();
    const store = await limiters.store.consume("all");
    return store.allowed ? { allowed: true } : { allowed: false, limit: "store", retryAfterSec: store.retryAfterSec };
  }

  async function recent(
    client: Pick<CheckoutClient, "ip" | "cartToken">,
  ): Promise<{ starts: number; overSoftLimit: boolean }> {
    const net = networkKeys(client.ip);
    const probes: Array<[Limiter, string]> = [];
    if (net) probes.push([limiters.address, net.address]);
    if (client.cartToken) probes.push([limiters.cart, client.cartToken]);
    const peeks = await Promise.all(
      probes.map(async ([limiter, key]) => ({ limiter, used: (await limiter.peek(key)).consumed })),
    );
    return {
      starts: Math.max(0, ...peeks.map((p) => p.used)),
      overSoftLimit: peeks.some((p) => p.used >= Math.ceil(p.limiter.points / 2)),
    };
  }

  return {
    settings: Object.freeze({ ...settings }),
    consume,
    recent,
    async enforce(client, options) {
      const result = await consume(client, options);
      if (!result.allowed) throw new AppError("RATE_LIMITED", refusalMessage(result));
    },
  };
}
