import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { AlertDeps, AlertMessage } from "@/lib/alerts";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout, type CheckoutContext } from "@/lib/checkout/start-checkout";
import { createCheckoutLimits, type CheckoutLimitSettings } from "@/lib/checkout/start-limits";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { createLimiterStore } from "@/lib/rate-limit";
import { evaluateBreaker } from "@/lib/shield/breaker";
import { BASE_COST, CHALLENGE_TTL_SEC, createChallenges } from "@/lib/shield/challenge";
import { solveChallenge } from "@/lib/shield/solve";
import {
  CHALLENGE_MESSAGES,
  createCheckoutChallengeGate,
  type CheckoutChallengeGate,
} from "@/lib/shield/checkout-challenge";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { startPayments, uniqueEmail } from "../support/payments";

// The proof-of-work challenge at checkout start: asked while the breaker is open (opened the way
// the store opens it, by declined card attempts) and past the soft limit; checked before anything
// is created; forged, expired, replayed and too-cheap solutions refused with nothing created.

const address = {
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};
const roomy = { points: 1_000, durationSec: 900 };
let ipCounter = 0;
const freshIp = () => `10.77.${++ipCounter % 250}.9`;

describe.each(providers())("checkout challenge on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  const mail: AlertMessage[] = [];
  const alertDeps: AlertDeps = {
    send: async (m) => void mail.push(m),
    fetch,
    env: { APP_URL: "https://shop.example.com", ALERT_EMAIL: "alerts@example.com" },
  };
  const store = createLimiterStore({ keyPrefix: `test:pow:${randomBytes(4).toString("hex")}` });
  const limitSettings: CheckoutLimitSettings = {
    address: { points: 6, durationSec: 900 },
    network: roomy,
    cart: roomy,
    email: roomy,
    account: roomy,
    store: roomy,
  };
  const limits = createCheckoutLimits(store, limitSettings);
  const challenges = createChallenges(randomBytes(32), store);
  // The store's own breaker on this database, evaluated on every call.
  const breakerOpen = async () => (await evaluateBreaker(t.db, { alertDeps })).open;
  const gate: CheckoutChallengeGate = createCheckoutChallengeGate({ limits, challenges, breakerOpen });

  const product = () => t.db.product.findUniqueOrThrow({ where: { slug: "stoneware-mug-set" } });
  const newCart = async () =>
    (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: (await product()).id, quantity: 1 }))
      .token;
  const start = async (ip: string, solution: string | null, cartToken?: string) => {
    const ctx: CheckoutContext = {
      cartToken: cartToken ?? (await newCart()),
      userId: null,
      ip,
      ipCountry: "GB",
      appUrl: "http://shop.test",
      limits,
      breakerOpen,
      challenge: { gate, solution },
    };
    return startCheckout(t.db, t.pay.stripe, ctx, { ...address, email: uniqueEmail() });
  };
  /** A solution the way the widget makes one: fetch a challenge for this client, solve it. */
  const solved = async (ip: string, cartToken?: string) => (await solveChallenge(await gate.issue({ ip, cartToken })))!;
  const snapshot = async () => ({
    orders: await t.db.order.count(),
    stock: (await product()).stock,
    sessions: (await t.pay.stripe.checkout.sessions.list({ limit: 100 })).data.length,
  });
  const refused = async (run: () => Promise<unknown>, message: string) => {
    const before = await snapshot();
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VALIDATION", message, fields: { altcha: message } });
    expect(await snapshot()).toEqual(before);
  };

  it("asks nothing of a fresh client while the breaker is closed", async () => {
    expect(await gate.demand({ ip: freshIp(), cartToken: undefined })).toEqual({
      required: false,
      cost: BASE_COST,
      because: null,
    });
    await start(freshIp(), null);
  });

  it("asks a client past the soft limit (half its address limit), at a rising cost", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await start(ip, null);
    expect(await gate.demand({ ip, cartToken: undefined })).toEqual({
      required: true,
      cost: BASE_COST * 2,
      because: "soft-limit",
    });
    await refused(() => start(ip, null), CHALLENGE_MESSAGES.missing);
    // That refused start counted too: the client now owes more than a challenge fetched before it.
    await start(ip, await solved(ip));
    expect((await gate.demand({ ip, cartToken: undefined })).cost).toBe(BASE_COST * 8);
  });

  it("asks every client once the breaker opens on declined card attempts", async () => {
    const { orderId } = await start(freshIp(), null);
    for (let i = 0; i < 7; i++) {
      await t.db.paymentAttempt.create({
        data: {
          attemptKey: `ch_pow_${i}`,
          paymentIntentId: `pi_pow_${i}`,
          orderId,
          emailNormalized: "bot@example.com",
          outcome: "DECLINED",
          declineCode: "card_declined",
          attemptedAt: new Date(),
        },
      });
    }
    const ip = freshIp();
    expect(await gate.demand({ ip, cartToken: undefined })).toEqual({
      required: true,
      cost: BASE_COST,
      because: "breaker",
    });
    expect(mail.map((m) => m.subject)).toContain("[Checkout shield] checkout breaker opened");
    await refused(() => start(ip, null), CHALLENGE_MESSAGES.missing);
    await refused(() => start(ip, "   "), CHALLENGE_MESSAGES.missing);
    const started = await start(ip, await solved(ip));
    expect(await t.db.order.findUnique({ where: { id: started.orderId }, select: { status: true } })).toEqual({
      status: "PENDING_PAYMENT",
    });
  });

  it("refuses a replayed solution, even from another client or cart", async () => {
    const ip = freshIp();
    const payload = await solved(ip);
    await start(ip, payload);
    await refused(() => start(ip, payload), CHALLENGE_MESSAGES.replayed);
    await refused(() => start(freshIp(), payload), CHALLENGE_MESSAGES.replayed);
  });

  it("refuses forged and tampered challenges", async () => {
    const ip = freshIp();
    // Solved honestly, but for a challenge this store did not sign.
    const foreign = await solveChallenge(await createChallenges(randomBytes(32), store).create({ cost: 2 }));
    await refused(() => start(ip, foreign), CHALLENGE_MESSAGES.forged);
    // This store's challenge with its difficulty lowered after signing.
    const genuine = JSON.parse(Buffer.from(await solved(ip), "base64").toString("utf8")) as {
      challenge: { parameters: { data: { cost: number } } };
    };
    genuine.challenge.parameters.data.cost = 2;
    await refused(() => start(ip, Buffer.from(JSON.stringify(genuine)).toString("base64")), CHALLENGE_MESSAGES.forged);
    await refused(() => start(ip, "not a payload"), CHALLENGE_MESSAGES.malformed);
  });

  it("refuses an expired challenge", async () => {
    const ip = freshIp();
    const old = await solveChallenge(
      await challenges.create({ now: new Date(Date.now() - (CHALLENGE_TTL_SEC + 60) * 1000) }),
    );
    await refused(() => start(ip, old), CHALLENGE_MESSAGES.expired);
  });

  it("refuses a cheap challenge fetched before the client's attempts raised its cost", async () => {
    const ip = freshIp();
    const early = await solved(ip);
    for (let i = 0; i < 3; i++) await start(ip, await solved(ip));
    await refused(() => start(ip, early), CHALLENGE_MESSAGES["too-cheap"]);
  });

  it("counts a start against the store-wide ceiling only once its challenge passed", async () => {
    // A distributed bot that solves nothing, one start per address, while every start needs a
    // solution: its refused starts must not spend the ceiling real shoppers share.
    const ownStore = createLimiterStore({ keyPrefix: `test:pow:${randomBytes(4).toString("hex")}` });
    const tight = createCheckoutLimits(ownStore, { ...limitSettings, store: { points: 1, durationSec: 60 } });
    const tightGate = createCheckoutChallengeGate({
      limits: tight,
      challenges: createChallenges(randomBytes(32), ownStore),
      breakerOpen: async () => true,
    });
    const startTight = async (ip: string, solution: string | null) => {
      const ctx: CheckoutContext = {
        cartToken: await newCart(),
        userId: null,
        ip,
        ipCountry: "GB",
        appUrl: "http://shop.test",
        limits: tight,
        breakerOpen: async () => true,
        challenge: { gate: tightGate, solution },
      };
      return startCheckout(t.db, t.pay.stripe, ctx, { ...address, email: uniqueEmail() });
    };
    for (let i = 0; i < 5; i++) await refused(() => startTight(freshIp(), null), CHALLENGE_MESSAGES.missing);
    const shopperIp = freshIp();
    await startTight(shopperIp, await solveChallenge(await tightGate.issue({ ip: shopperIp, cartToken: undefined })));
    const nextIp = freshIp();
    const error = await startTight(
      nextIp,
      await solveChallenge(await tightGate.issue({ ip: nextIp, cartToken: undefined })),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("RATE_LIMITED");
    expect((error as AppError).message).toMatch(/unusually high number of checkouts/);
  });

  it("still applies the limits: a solved challenge does not lift them", async () => {
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await start(ip, await solved(ip));
    // The breaker's strict address limit (4 per 15 minutes) now refuses this client.
    const error = await start(ip, await solved(ip)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "RATE_LIMITED" });
  });
});
