// Two production instances behind a round-robin webhook forwarder, one PostgreSQL database and
// one Redis: concurrent checkouts spread over both never oversell and every webhook is applied
// once; a sign-in lockout earned on one instance holds on the other; killing an instance in the
// middle of a burst loses no paid order and, once the sweep has run, strands no stock; an instance
// killed between creating an order and creating its Checkout Session, or between creating the
// session and saving its id, strands no stock either. Needs TEST_DATABASE_URL and TEST_REDIS_URL;
// SCALE_BASE_PORT (default 4120) moves the instances' ports (base … base+3).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { reconcilePendingCheckouts, SESSIONLESS_GRACE_MS } from "@/lib/orders/pending-checkouts";
import { startFaultProxy, type FaultPoint } from "../support/stripe-fault-proxy";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCluster, scaleConfigured, type Cluster, type Instance } from "./cluster";
import { checkoutOn, payOnHostedPage, randomIp, signInOn, testCard, uniqueCard, type CheckoutAnswer } from "./shoppers";
import { setProductStockOrPrice } from "../support/catalog";

const FINAL_OR_WAITING = ["PENDING_PAYMENT", "PAID", "HELD", "CANCELLED", "EXPIRED"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const BASE_PORT = Number(process.env.SCALE_BASE_PORT ?? 4120);

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return;
    await sleep(200);
  }
}

describe.skipIf(!scaleConfigured())("two instances on one PostgreSQL database and one Redis", () => {
  let cluster: Cluster;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    cluster = await startCluster([BASE_PORT, BASE_PORT + 1], "scale");
    [a, b] = cluster.instances as [Instance, Instance];
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const db = () => cluster.database.db;
  const cartsFor = async (slug: string, stock: number, shoppers: number) => {
    const product = await setProductStockOrPrice(db(), { slug }, { stock });
    const tokens: string[] = [];
    for (let i = 0; i < shoppers; i++)
      tokens.push(
        (await addToCart(db(), undefined, { requestKey: newRequestKey(), productId: product.id, quantity: 1 })).token,
      );
    return { productId: product.id, tokens };
  };
  /** Every PaymentIntent captured exactly once, according to the emulator's own events. */
  const capturesPerIntent = async () => {
    const counts = new Map<string, number>();
    for await (const event of cluster.stripe.events.list({ type: "charge.captured", limit: 100 })) {
      const charge = event.data.object as { payment_intent: string };
      counts.set(charge.payment_intent, (counts.get(charge.payment_intent) ?? 0) + 1);
    }
    return counts;
  };

  it("30 shoppers for 10 units over both instances: 10 paid orders, stock 0, each webhook applied once", async () => {
    const { productId, tokens } = await cartsFor("stoneware-mug-set", 10, 30);
    const answers = await Promise.all(
      tokens.map((token, i) => checkoutOn(i % 2 === 0 ? a : b, token, randomIp(), `burst${i}@example.org`)),
    );
    const started = answers.filter((x): x is CheckoutAnswer & { redirectUrl: string } => x.redirectUrl !== null);
    expect(started).toHaveLength(10);
    for (const refused of answers.filter((x) => x.redirectUrl === null))
      expect(refused.body).toMatch(/sold out|Only 0 of/);

    const paid = await Promise.all(started.map((s, i) => payOnHostedPage(s.redirectUrl, testCard(uniqueCard(i)))));
    expect(paid.map((p) => p.status)).toEqual(Array(10).fill(303));
    await cluster.emulator.webhooks.idle();
    await until(
      async () => (await db().order.count({ where: { items: { some: { productId } }, status: "PAID" } })) === 10,
      30_000,
    );

    const orders = await db().order.findMany({
      where: { items: { some: { productId } } },
      select: { id: true, status: true, paymentIntentId: true, totalCents: true },
    });
    expect(orders).toHaveLength(10);
    expect(orders.every((o) => o.status === "PAID")).toBe(true);
    expect((await db().product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(0);

    // Both instances handled deliveries; each delivered event is recorded exactly once.
    expect(cluster.forwarder.answered.get(a.port) ?? 0).toBeGreaterThan(0);
    expect(cluster.forwarder.answered.get(b.port) ?? 0).toBeGreaterThan(0);
    const deliveries = cluster.emulator.webhooks.deliveries();
    expect(deliveries.filter((d) => d.status !== "delivered")).toEqual([]);
    // No faults in this run, so no delivery was answered 5xx: events racing for one payment wait
    // for each other instead of failing.
    expect(cluster.forwarder.serverErrors).toBe(0);
    expect(deliveries.flatMap((d) => d.attempts).filter((a) => a.status === null || a.status >= 500)).toEqual([]);
    const recorded = await db().webhookEvent.findMany({ select: { id: true } });
    expect(new Set(recorded.map((r) => r.id)).size).toBe(recorded.length);
    const handled = deliveries.filter((d) =>
      ["checkout.session.completed", "payment_intent.amount_capturable_updated", "payment_intent.succeeded"].includes(
        d.type,
      ),
    );
    expect(recorded.filter((r) => handled.some((d) => d.eventId === r.id))).toHaveLength(handled.length);

    // One capture per order at the emulator, for the full amount.
    const captures = await capturesPerIntent();
    for (const order of orders) {
      expect(captures.get(order.paymentIntentId!)).toBe(1);
      const pi = await cluster.stripe.paymentIntents.retrieve(order.paymentIntentId!);
      expect(pi.amount_received).toBe(order.totalCents);
    }
  });

  it("a sign-in lockout earned on instance A holds on instance B (shared Redis)", async () => {
    const email = `scale-${randomBytes(6).toString("hex")}@example.org`;
    for (let i = 0; i < 5; i++)
      expect(await signInOn(a, email, "not-the-password-1", randomIp())).toContain(
        "The email or password is incorrect.",
      );
    // Another address on B: the per-account limit, not a per-IP one, refuses it.
    expect(await signInOn(b, email, "not-the-password-1", randomIp())).toContain("Too many attempts");
    // B still serves everyone else.
    expect(
      await signInOn(b, `other-${randomBytes(6).toString("hex")}@example.org`, "not-the-password-1", randomIp()),
    ).toContain("The email or password is incorrect.");
  });

  it("killing instance A in the middle of a checkout burst loses no paid order", async () => {
    const { productId, tokens } = await cartsFor("linen-tea-towels", 40, 24);
    let killedAt = 0;
    const shoppers = tokens.map(async (token, i) => {
      await sleep(i * 40);
      const ip = randomIp();
      let answer: CheckoutAnswer | null = null;
      // Like a load balancer, a shopper whose instance is gone lands on the other one.
      for (const instance of i % 2 === 0 ? [a, b] : [b, a]) {
        try {
          answer = await checkoutOn(instance, token, ip, `kill${i}@example.org`);
          break;
        } catch {
          /* instance down or died mid-request */
        }
      }
      if (!answer?.redirectUrl) return { i, paid: false };
      const page = await payOnHostedPage(answer.redirectUrl, testCard(uniqueCard(100 + i)));
      return { i, paid: page.status === 303 };
    });
    const killer = (async () => {
      await sleep(450);
      killedAt = Date.now();
      await cluster.kill(a);
    })();
    const results = await Promise.all(shoppers);
    await killer;
    expect(killedAt).toBeGreaterThan(0);
    expect(a.alive()).toBe(false);
    await cluster.emulator.webhooks.idle();

    // Every order paid at the emulator (its session complete) ends PAID in the database.
    const orders = await db().order.findMany({
      where: { items: { some: { productId } } },
      select: { id: true, status: true, checkoutSessionId: true },
    });
    const paidAtEmulator: string[] = [];
    for (const order of orders) {
      if (!order.checkoutSessionId) continue;
      const session = await cluster.stripe.checkout.sessions.retrieve(order.checkoutSessionId);
      if (session.status === "complete") paidAtEmulator.push(order.id);
    }
    await until(
      async () =>
        (await db().order.count({ where: { id: { in: paidAtEmulator }, status: "PAID" } })) === paidAtEmulator.length,
      30_000,
    );
    const final = await db().order.findMany({
      where: { items: { some: { productId } } },
      select: { id: true, status: true },
    });
    expect(final.filter((o) => paidAtEmulator.includes(o.id)).map((o) => o.status)).toEqual(
      paidAtEmulator.map(() => "PAID"),
    );
    expect(final.every((o) => FINAL_OR_WAITING.includes(o.status))).toBe(true);
    expect(paidAtEmulator.length).toBe(results.filter((r) => r.paid).length);
    expect(paidAtEmulator.length).toBeGreaterThanOrEqual(20);

    // Stock: 40 minus what paid and still-pending orders hold, never negative.
    const holding = final.filter(
      (o) => o.status === "PAID" || o.status === "PENDING_PAYMENT" || o.status === "HELD",
    ).length;
    const stock = (await db().product.findUniqueOrThrow({ where: { id: productId } })).stock;
    expect(stock).toBe(40 - holding);
    expect(stock).toBeGreaterThanOrEqual(0);
    const captures = await capturesPerIntent();
    expect([...captures.values()].every((n) => n === 1)).toBe(true);
    const deliveries = cluster.emulator.webhooks.deliveries();
    expect(deliveries.filter((d) => d.status !== "delivered")).toEqual([]);

    // The sweep (here at a time past every session's expiry) leaves no reservation stranded:
    // orders interrupted with the instance, their sessions expired at the provider, give their
    // units back; paid orders keep theirs; nothing is left waiting.
    const pending = await db().order.findMany({
      where: { items: { some: { productId } }, status: "PENDING_PAYMENT" },
      select: { checkoutExpiresAt: true },
    });
    const pastExpiry = new Date(
      Math.max(Date.now() + SESSIONLESS_GRACE_MS, ...pending.map((o) => o.checkoutExpiresAt!.getTime())) + 1000,
    );
    const swept = await reconcilePendingCheckouts(db(), cluster.stripe, pastExpiry);
    expect(swept).toMatchObject({ awaitingWebhook: 0, errors: 0 });
    const afterSweep = await db().order.findMany({
      where: { items: { some: { productId } } },
      select: { status: true },
    });
    expect(afterSweep.filter((o) => o.status === "PENDING_PAYMENT" || o.status === "AUTHORIZING")).toEqual([]);
    const kept = afterSweep.filter((o) => o.status === "PAID" || o.status === "HELD").length;
    expect((await db().product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(40 - kept);
    console.info(
      `kill test: ${paidAtEmulator.length} orders paid at the emulator, all PAID; ${final.length} orders in all; ${swept.expired} stranded by the kill and expired by the sweep; ` +
        `forwarder: ${cluster.forwarder.failovers} failovers (${cluster.forwarder.serverErrors} of them 5xx answers), ${cluster.forwarder.lostInFlight} deliveries lost in flight; ` +
        `${deliveries.filter((d) => d.attempts.length > 1).length} deliveries needed an emulator retry`,
    );
  });

  it.each<[FaultPoint, string, number]>([
    ["before-session", "between creating the order and creating its Checkout Session", 2],
    ["after-session", "between creating the Checkout Session and saving its id", 3],
  ])("an instance killed %s (%s) strands no stock once the sweep has run", async (point, _where, offset) => {
    const { productId, tokens } = await cartsFor(
      point === "before-session" ? "desk-planner" : "cast-iron-skillet",
      5,
      1,
    );
    // An instance whose Stripe API goes through a proxy that stops the checkout at that point;
    // the instance is SIGKILLed there, with the shopper's request in flight.
    const proxy = await startFaultProxy(`http://127.0.0.1:${cluster.emulator.port}`, point);
    const doomed = await cluster.startInstance(BASE_PORT + offset, `crash-${point}`, proxy.url);
    const answer = checkoutOn(doomed, tokens[0]!, randomIp(), `crash-${point}@example.org`).then(
      () => "answered",
      () => "no answer",
    );
    const { sessionId } = await proxy.reached;
    await cluster.kill(doomed);
    expect(await answer).toBe("no answer");
    expect(doomed.alive()).toBe(false);
    await proxy.close();

    // What the dead instance left: a pending order holding its unit, without a session id.
    const [order] = await db().order.findMany({
      where: { items: { some: { productId } } },
      select: { id: true, status: true, checkoutSessionId: true, createdAt: true, checkoutExpiresAt: true },
    });
    expect(order).toMatchObject({ status: "PENDING_PAYMENT", checkoutSessionId: null });
    expect((await db().product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(4);
    if (point === "after-session")
      expect((await cluster.stripe.checkout.sessions.retrieve(sessionId!)).status).toBe("open");

    // The sweep, once the grace for a session-less order has passed (the cluster's instances
    // run the same job every minute; npm run sweep runs it from cron).
    const later = new Date(order!.createdAt.getTime() + SESSIONLESS_GRACE_MS + 1000);
    expect(await reconcilePendingCheckouts(db(), cluster.stripe, later)).toEqual({
      expired: 1,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect((await db().product.findUniqueOrThrow({ where: { id: productId } })).stock).toBe(5);
    const after = await db().order.findUniqueOrThrow({ where: { id: order!.id } });
    expect(after).toMatchObject({ status: "EXPIRED", stockReleased: true, checkoutSessionId: sessionId });
    // A session that existed can no longer be paid.
    if (sessionId) expect((await cluster.stripe.checkout.sessions.retrieve(sessionId)).status).toBe("expired");
    // No order anywhere is left pending past its expiry or past the grace without a session.
    const stranded = await db().order.count({
      where: {
        status: "PENDING_PAYMENT",
        OR: [
          { checkoutExpiresAt: { lte: later } },
          { checkoutSessionId: null, createdAt: { lte: new Date(later.getTime() - SESSIONLESS_GRACE_MS) } },
        ],
      },
    });
    expect(stranded).toBe(0);
  });
});
