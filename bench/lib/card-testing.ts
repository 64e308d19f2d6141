// A card-testing bot (OWASP OAT-001) against a running store, over HTTP only, as such a bot
// works: for every attempt a new cart (the add-to-cart action), a checkout start from the next
// address of a rotating pool (presented through the trusted-proxy header, so the store sees it
// as the client's address), and, when the start reached the payment provider, one card tried on
// the hosted payment page. In the middle of the run an ordinary shopper checks out the way the
// checkout page makes a browser do it: the page says whether the bot check is due, the widget
// fetches a challenge and solves it (the same solver, in Node), then the shopper pays.
//
// Used by `npm run bench -- --bot` (2,000 starts, 500 addresses, 200 cards) and, in a short
// form, by the attack suite (tests/security/card-testing.spec.ts). The bot solves no challenge:
// a script that solves them pays the proof-of-work cost on every start, and still meets the
// stricter per-client limits the open breaker adds (docs/checkout-shield.md).
import { randomBytes } from "node:crypto";
import type { Challenge } from "altcha-lib";
import { solveChallenge } from "@/lib/shield/solve";
import { actionHeaders, actionId, actionRequest } from "./actions";
import { percentile, round } from "./stats";

export type CardTestingOptions = {
  /** The store's base URL and the Origin its server actions accept (its APP_URL). */
  base: string;
  origin: string;
  /** The build folder the store serves (for the server actions' ids). */
  distDir: string;
  /** A product the bot and the shopper put in their carts. */
  productId: string;
  productSlug: string;
  starts: number;
  addresses: number;
  cards: number;
  /** Share of the bot's cards that decline, 0–1. */
  declineShare: number;
  concurrency: number;
  /** The shopper starts once this many bot starts have been sent. */
  shopperAfter: number;
  /** When the store's checkout breaker last opened, or null while it is closed (read from its database). */
  breakerOpenedAt(): Promise<Date | null>;
  /** The status of the newest order placed with `email`, or null (read from the store's database). */
  orderStatus(email: string): Promise<string | null>;
};

type BotAttempt = { at: number; reached: boolean; declined: boolean | null; refusal: string | null };

type ShopperResult = {
  /** The order's status once settled (PAID when everything worked), or what stopped the shopper. */
  result: string;
  challengeAsked: boolean;
  /** Fetching and solving the challenge, in milliseconds (0 when none was asked). */
  challengeMs: number;
  /** From the checkout page to the order's final status. */
  totalMs: number;
};

export type CardTestingResult = {
  starts: number;
  reachedBeforeOpen: number;
  startsBeforeOpen: number;
  reachedAfterOpen: number;
  startsAfterOpen: number;
  /** Share of the bot's starts after the breaker opened that reached the provider, in %. */
  reachedAfterOpenPct: number;
  /** Seconds from the bot's first start to the breaker opening; null when it never opened. */
  secondsToOpen: number | null;
  declinedPayments: number;
  refusals: Record<string, number>;
  startP50Ms: number;
  seconds: number;
  shopper: ShopperResult;
};

const SHOPPER = { name: "Grace Hopper", line1: "1 Navy Yard", city: "New York", postalCode: "10001", country: "US" };
const BOT_HOLDER = { name: "J Smith", line1: "12 High Street", city: "Leeds", postalCode: "LS1 4AP", country: "GB" };
/** A US address (the shopper's country), unlike any of the bot's. */
const SHOPPER_IP = "8.8.4.4";

/** Luhn check digit for `body`. */
function luhnComplete(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** A random Luhn-valid Visa number; the emulator approves numbers it does not know. */
const randomCard = () => luhnComplete(`4111${Array.from(randomBytes(11), (b) => b % 10).join("")}`);

/**
 * Stripe's documented decline test cards. Like Stripe's test mode, the emulator declines only
 * documented numbers, so the bot's dead cards are these (each decline code a card tester meets).
 */
const DECLINING_CARDS = [
  "4000000000000002",
  "4000000000009995",
  "4000000000009987",
  "4000000000009979",
  "4000000000000069",
  "4000000000000127",
  "4000000000006975",
];

/** `count` cards, `declineShare` of them declining, in random order. */
function botCards(count: number, declineShare: number): Array<{ number: string; declines: boolean }> {
  const declining = Math.round(count * declineShare);
  const cards = Array.from({ length: count }, (_, i) =>
    i < declining
      ? { number: DECLINING_CARDS[i % DECLINING_CARDS.length]!, declines: true }
      : { number: randomCard(), declines: false },
  );
  return cards.sort(() => Math.random() - 0.5);
}

/** The bot's addresses: 185.200-249.x.y (SQL LIKE '185.2%' finds them in the attempts). */
export const BOT_ADDRESS_PREFIX = "185.2";

/** `count` addresses spread over /24 blocks of ten, as a rented proxy pool hands them out. */
function botAddresses(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `185.${200 + (Math.floor(i / 2500) % 50)}.${Math.floor(i / 10) % 250}.${10 + (i % 10)}`,
  );
}

type Session = { cookie: string };

/** One HTTP client of the store: its address, its cookies, the actions it posts. */
export function storeClient(
  options: Pick<CardTestingOptions, "base" | "origin" | "distDir" | "productId" | "productSlug">,
  ip: string,
) {
  const addId = actionId(options.distDir, "app/(shop)/cart/actions.ts", "addToCartAction");
  const checkoutId = actionId(options.distDir, "app/(shop)/checkout/actions.ts", "checkoutAction");
  const session: Session = { cookie: "" };
  const headers = (extra: Record<string, string> = {}) => ({
    "X-Forwarded-For": ip,
    ...(session.cookie ? { Cookie: session.cookie } : {}),
    ...extra,
  });
  return {
    async addToCart(): Promise<void> {
      const form = actionRequest({
        productId: options.productId,
        quantity: "1",
        requestKey: randomBytes(16).toString("base64url"),
      });
      const res = await fetch(`${options.base}/product/${options.productSlug}`, {
        method: "POST",
        headers: headers(actionHeaders(addId, options.origin, form.contentType)),
        body: form.body,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      const cart = res.headers.getSetCookie().find((c) => c.startsWith("__Host-cart="));
      if (res.status !== 200 || !cart) throw new Error(`add to cart answered ${res.status} without a cart cookie`);
      session.cookie = cart.split(";")[0]!;
    },
    /** Posts the checkout form; the session URL at the provider when the start reached it. */
    async checkout(fields: Record<string, string>): Promise<{ sessionUrl: string | null; body: string }> {
      const form = actionRequest(fields);
      const res = await fetch(`${options.base}/checkout`, {
        method: "POST",
        headers: headers(actionHeaders(checkoutId, options.origin, form.contentType)),
        body: form.body,
        redirect: "manual",
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      // A server action's redirect comes back as `x-action-redirect: <url>;<push|replace>`.
      const redirect = res.headers.get("x-action-redirect");
      return { sessionUrl: redirect ? redirect.replace(/;(push|replace)$/, "") : null, body };
    },
    async get(path: string): Promise<Response> {
      return fetch(options.base + path, { headers: headers(), signal: AbortSignal.timeout(30_000) });
    },
  };
}

/** The hosted payment page's form, posted as the browser posts it. */
async function payOnHostedPage(
  sessionUrl: string,
  card: string,
  holder: typeof SHOPPER,
  email: string,
): Promise<{ declined: boolean }> {
  const form = {
    email,
    card_number: card,
    card_expiry: "12 / 34",
    card_cvc: "123",
    cardholder_name: holder.name,
    address_line1: holder.line1,
    address_city: holder.city,
    address_postal_code: holder.postalCode,
    address_country: holder.country,
  };
  const res = await fetch(sessionUrl.replace("http://localhost:", "http://127.0.0.1:"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  // Paid: a redirect to the store's return page; declined: the page again, with the error.
  return { declined: res.status !== 303 && res.status !== 302 };
}

/** What stopped a start, from the action's answer: the first sentence of its message. */
function refusalOf(body: string): string {
  const message = /"message":"([^"]{1,300})"/.exec(body)?.[1];
  return message ? message.split(". ")[0]! : "no redirect";
}

/** The ordinary shopper: a cart, the checkout page, the check when it is due, the payment. */
async function ordinaryShopper(options: CardTestingOptions): Promise<ShopperResult> {
  const started = performance.now();
  const shopper = storeClient(options, SHOPPER_IP);
  const email = `shopper-${randomBytes(4).toString("hex")}@example.com`;
  await shopper.addToCart();
  const page = await (await shopper.get("/checkout")).text();
  const challengeAsked = page.includes('data-testid="bot-check"');
  let challengeMs = 0;
  const fields: Record<string, string> = { email, ...SHOPPER };
  if (challengeAsked) {
    const t0 = performance.now();
    const challenge = (await (await shopper.get("/api/checkout/challenge")).json()) as Challenge;
    const solution = await solveChallenge(challenge);
    challengeMs = round(performance.now() - t0, 0);
    if (!solution)
      return {
        result: "could not solve the challenge",
        challengeAsked,
        challengeMs,
        totalMs: round(performance.now() - started, 0),
      };
    fields.altcha = solution;
  }
  const { sessionUrl, body } = await shopper.checkout(fields);
  if (!sessionUrl)
    return {
      result: `refused: ${refusalOf(body)}`,
      challengeAsked,
      challengeMs,
      totalMs: round(performance.now() - started, 0),
    };
  const paid = await payOnHostedPage(sessionUrl, randomCard(), SHOPPER, email);
  if (paid.declined)
    return { result: "card declined", challengeAsked, challengeMs, totalMs: round(performance.now() - started, 0) };
  // The order settles when the store has the provider's webhook: wait for it to leave the pending states.
  let status: string | null = null;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    status = await options.orderStatus(email);
    if (status && !["PENDING_PAYMENT", "AUTHORIZING"].includes(status)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { result: status ?? "no order", challengeAsked, challengeMs, totalMs: round(performance.now() - started, 0) };
}

export async function runCardTesting(options: CardTestingOptions): Promise<CardTestingResult> {
  const addresses = botAddresses(options.addresses);
  const cards = botCards(options.cards, options.declineShare);
  const attempts: BotAttempt[] = [];
  const startTimes: number[] = [];
  let next = 0;
  const shopper: { run?: Promise<ShopperResult> } = {};
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.starts) {
        const i = next++;
        if (i === options.shopperAfter) shopper.run = ordinaryShopper(options);
        const bot = storeClient(options, addresses[i % addresses.length]!);
        const card = cards[Math.floor(Math.random() * cards.length)]!;
        const email = `ct${randomBytes(5).toString("hex")}@example.net`;
        await bot.addToCart();
        const at = Date.now();
        const { sessionUrl, body } = await bot.checkout({ email, ...BOT_HOLDER });
        startTimes.push(Date.now() - at);
        const attempt: BotAttempt = {
          at,
          reached: sessionUrl !== null,
          declined: null,
          refusal: sessionUrl ? null : refusalOf(body),
        };
        if (sessionUrl) attempt.declined = (await payOnHostedPage(sessionUrl, card.number, BOT_HOLDER, email)).declined;
        attempts.push(attempt);
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  const shopperResult = await (shopper.run ?? ordinaryShopper(options));
  const openedAt = (await options.breakerOpenedAt())?.getTime() ?? null;
  const opened = openedAt !== null && openedAt >= t0 ? openedAt : null;
  const before = attempts.filter((a) => opened === null || a.at < opened);
  const after = attempts.filter((a) => opened !== null && a.at >= opened);
  const refusals: Record<string, number> = {};
  for (const a of attempts) if (a.refusal) refusals[a.refusal] = (refusals[a.refusal] ?? 0) + 1;
  const reachedAfter = after.filter((a) => a.reached).length;
  startTimes.sort((a, b) => a - b);
  return {
    starts: attempts.length,
    startsBeforeOpen: before.length,
    reachedBeforeOpen: before.filter((a) => a.reached).length,
    startsAfterOpen: after.length,
    reachedAfterOpen: reachedAfter,
    reachedAfterOpenPct: after.length ? round((reachedAfter / after.length) * 100) : 0,
    secondsToOpen: opened === null ? null : round((opened - t0) / 1000),
    declinedPayments: attempts.filter((a) => a.declined === true).length,
    refusals,
    startP50Ms: round(percentile(startTimes, 50)),
    seconds: round(seconds),
    shopper: shopperResult,
  };
}
