import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { BOT_ADDRESS_PREFIX, runCardTesting, storeClient } from "@/bench/lib/card-testing";
import { securityPort } from "../../playwright.config";
import { queryE2eDatabase } from "../e2e/support/database";

// The benchmark's card-testing bot (`npm run bench -- --bot`, bench/lib/card-testing.ts) in a
// short form: starts checkouts over HTTP from rotating addresses (one trusted proxy hop in front,
// played with X-Forwarded-For), each with a new cart and email, and tries a declining card on the
// hosted page whenever a start reaches the provider. The decline-ratio breaker must open on those
// declines; from then on every start the bot sends (it solves no proof-of-work challenge) is
// refused before an order, a stock reservation or a provider session exists; an ordinary shopper
// in the middle of the run passes the challenge and pays.

const base = `http://localhost:${securityPort}`;
const BUILD = process.env.NEXT_DIST_DIR ?? ".next";
const PRODUCT = "usb-c-charger";
const product = () =>
  queryE2eDatabase<{ id: string; slug: string }>(
    securityPort,
    "SELECT id, slug FROM Product WHERE slug = ?",
    PRODUCT,
  )[0]!;
const breaker = () =>
  queryE2eDatabase<{ open: number; changedAt: number }>(
    securityPort,
    "SELECT open, changedAt FROM CheckoutBreaker WHERE id = 'store'",
  )[0];

test.describe.configure({ mode: "serial" });

// The suites after this one shop with the breaker closed: the bot's declines are moved out of
// the 15-minute window and the opening 10 minutes back, then a checkout page evaluates it.
test.afterAll(async () => {
  const db = new Database(`.data/e2e-${securityPort}.db`);
  try {
    db.prepare("UPDATE PaymentAttempt SET attemptedAt = attemptedAt - 3600000 WHERE ip LIKE ?").run(
      `${BOT_ADDRESS_PREFIX}%`,
    );
    db.prepare("UPDATE CheckoutBreaker SET changedAt = changedAt - 600000 WHERE open = 1").run();
  } finally {
    db.close();
  }
  const visitor = storeClient(
    { base, origin: base, distDir: BUILD, productId: product().id, productSlug: PRODUCT },
    "203.0.113.250",
  );
  await visitor.addToCart();
  await expect
    .poll(
      async () => {
        await (await visitor.get("/checkout")).arrayBuffer();
        return breaker()?.open ?? 0;
      },
      { timeout: 15_000 },
    )
    .toBe(0);
});

test("a card-testing bot opens the breaker with its declines; after that its starts are refused with nothing created, and a shopper still pays", async () => {
  test.setTimeout(120_000);
  expect(breaker()?.open ?? 0).toBe(0);
  const { id: productId } = product();
  const stockBefore = () =>
    queryE2eDatabase<{ stock: number }>(securityPort, "SELECT stock FROM Product WHERE id = ?", productId)[0]!.stock;
  const ordersBefore = queryE2eDatabase<{ n: number }>(securityPort, 'SELECT COUNT(*) AS n FROM "Order"')[0]!.n;
  const stock = stockBefore();
  const run = await runCardTesting({
    base,
    origin: base,
    distDir: BUILD,
    productId,
    productSlug: PRODUCT,
    starts: 60,
    addresses: 24,
    cards: 12,
    // Every card declines in the short form: no bot order is left authorized or held for the suites after this one.
    declineShare: 1,
    concurrency: 4,
    shopperAfter: 45,
    breakerOpenedAt: async () => {
      const row = breaker();
      return row?.open ? new Date(row.changedAt) : null;
    },
    orderStatus: async (email) =>
      queryE2eDatabase<{ status: string }>(
        securityPort,
        'SELECT status FROM "Order" WHERE email = ? ORDER BY createdAt DESC LIMIT 1',
        email,
      )[0]?.status ?? null,
  });

  expect(run.starts).toBe(60);
  // It opened on the bot's declines (7 of the latest 20 card attempts), within the run.
  expect(run.secondsToOpen).not.toBeNull();
  expect(run.reachedBeforeOpen).toBeGreaterThanOrEqual(7);
  expect(run.declinedPayments).toBe(run.reachedBeforeOpen + run.reachedAfterOpen);
  // After it opened: the bot's starts were refused for want of a solved check (the target: at most 5% reach the provider).
  expect(run.startsAfterOpen).toBeGreaterThanOrEqual(20);
  expect(run.reachedAfterOpenPct).toBeLessThanOrEqual(5);
  expect(Object.keys(run.refusals).some((why) => /unusual checkout activity/.test(why))).toBe(true);
  // Nothing was created for a refused start: one order (and one reserved unit) per start that reached the provider, plus the shopper's.
  const reached = run.reachedBeforeOpen + run.reachedAfterOpen;
  expect(queryE2eDatabase<{ n: number }>(securityPort, 'SELECT COUNT(*) AS n FROM "Order"')[0]!.n - ordersBefore).toBe(
    reached + 1,
  );
  expect(stock - stockBefore()).toBe(reached + 1);
  // The shopper in the middle of the attack was asked for the check, solved it and paid.
  expect(run.shopper.challengeAsked).toBe(true);
  expect(run.shopper.result).toBe("PAID");
});
