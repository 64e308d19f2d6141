import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { newRequestId, withRequestId } from "@/lib/logging/request-scope";
import { receiveStripeWebhook } from "@/lib/payments/webhook-endpoint";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { loggedLines } from "../support/logs";
import {
  payOnHostedPage,
  recordingEvents,
  startPayments,
  shopperCard,
  uniqueCard,
  uniqueEmail,
  WEBHOOK_SECRET,
  type PaymentHarness,
} from "../support/payments";

const address = {
  email: "guest@example.com",
  name: "Grace Hopper",
  line1: "2 Compiler Rd",
  city: "Arlington",
  postalCode: "22201",
  country: "US",
};

describe.each(providers())("the Stripe webhook on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;

  /** A paid order whose events were captured but not yet applied, in the order Stripe sent them. */
  async function paidButUnprocessed(card = uniqueCard()) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    const started = await startCheckout(
      t.db,
      pay.stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...address, email: uniqueEmail("guest") },
    );
    const from = pay.captured.length;
    await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    await pay.settle();
    return { orderId: started.orderId, bodies: pay.captured.slice(from) };
  }
  const signed = (body: string, secret = WEBHOOK_SECRET, timestamp?: number) =>
    pay.stripe.webhooks.generateTestHeaderString({ payload: body, secret, ...(timestamp ? { timestamp } : {}) });
  const deliver = (body: string, signature: string | null, events = recordingEvents()) =>
    receiveStripeWebhook({ db: t.db, stripe: pay.stripe, secret: WEBHOOK_SECRET, events }, { body, signature });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db, { process: false });
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("refuses a missing, forged or stale signature and changes nothing", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const body = bodies.find((b) => b.includes('"checkout.session.completed"'))!;
    expect((await deliver(body, null)).status).toBe(400);
    expect((await deliver(body, signed(body, "whsec_not_the_secret"))).status).toBe(400);
    expect((await deliver(body, signed(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
    const tampered = body.replace(orderId, "x".repeat(orderId.length));
    expect((await deliver(tampered, signed(body))).status).toBe(400);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PENDING_PAYMENT");
    expect(await t.db.webhookEvent.count()).toBe(0);
  });

  it("applies an event once: a redelivery changes nothing and sends nothing", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const events = recordingEvents();
    for (const body of bodies) expect((await deliver(body, signed(body), events)).status).toBe(200);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
    const again = recordingEvents();
    for (const body of bodies)
      expect((await deliver(body, signed(body), again)).body).toMatchObject({ status: "duplicate" });
    expect(again.log).toEqual([]);
    expect(events.log.filter((e) => e.kind === "paid")).toHaveLength(1);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { orderId } });
    const pi = await pay.stripe.paymentIntents.retrieve(payment.paymentIntentId);
    expect(pi.amount_received).toBe(payment.amountAuthorized);
  });

  it("tolerates events arriving in reverse order", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const events = recordingEvents();
    for (const body of [...bodies].reverse()) expect((await deliver(body, signed(body), events)).status).toBe(200);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
    expect(events.log).toEqual([{ kind: "paid", orderId }]);
  });

  it("concurrent duplicate deliveries capture once; the others wait for it and answer 2xx", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const body = bodies.find((b) => b.includes('"checkout.session.completed"'))!;
    const events = recordingEvents();
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(body, signed(body), events)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(events.log.filter((e) => e.kind === "paid")).toHaveLength(1);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
    expect(await t.db.webhookEvent.count({ where: { id: (JSON.parse(body) as { id: string }).id } })).toBe(1);
  });

  it("two events for the same payment arriving together: one applies, the other waits and answers 2xx", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const pair = bodies.filter(
      (b) => b.includes('"checkout.session.completed"') || b.includes('"payment_intent.amount_capturable_updated"'),
    );
    expect(pair).toHaveLength(2);
    const events = recordingEvents();
    const results = await Promise.all(pair.map((body) => deliver(body, signed(body), events)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.status)).toEqual(["processed", "processed"]);
    expect(events.log).toEqual([{ kind: "paid", orderId }]);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { orderId } });
    expect((await pay.stripe.paymentIntents.retrieve(payment.paymentIntentId)).amount_received).toBe(
      payment.amountAuthorized,
    );
  });

  it("a delivery that finds another one working on the order takes over when that one gives the claim back", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const body = bodies.find((b) => b.includes('"checkout.session.completed"'))!;
    // Another delivery holds the claim (fresh) ...
    await t.db.order.update({ where: { id: orderId }, data: { status: "AUTHORIZING" } });
    const events = recordingEvents();
    const waiting = deliver(body, signed(body), events);
    // ... and fails, handing the order back as it does on an error.
    await t.db.order.updateMany({ where: { id: orderId, status: "AUTHORIZING" }, data: { status: "PENDING_PAYMENT" } });
    expect(await waiting).toMatchObject({ status: 200, body: { status: "processed" } });
    expect(events.log).toEqual([{ kind: "paid", orderId }]);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
  });

  it("answers 5xx, logged with the event id, only when the other delivery outlives the wait", async () => {
    const { orderId, bodies } = await paidButUnprocessed();
    const body = bodies.find((b) => b.includes('"checkout.session.completed"'))!;
    const eventId = (JSON.parse(body) as { id: string }).id;
    await t.db.order.update({ where: { id: orderId }, data: { status: "AUTHORIZING" } });
    const events = recordingEvents();
    expect(await deliver(body, signed(body), events)).toEqual({ status: 500, body: { error: "processing failed" } });
    expect(events.log).toEqual([]);
    expect(loggedLines()).toContainEqual(
      expect.objectContaining({
        level: 50,
        component: "webhook",
        eventId,
        msg: "processing failed; the provider will retry",
      }),
    );
    expect(await t.db.webhookEvent.count({ where: { id: eventId } })).toBe(0);
    // The stuck claim goes stale; the provider's retry takes the order over.
    await t.db.order.update({ where: { id: orderId }, data: { updatedAt: new Date(Date.now() - 60_000) } });
    expect((await deliver(body, signed(body))).status).toBe(200);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
  }, 20_000);

  it("a delivery's log lines and audit entries carry the id of the request it came in on", async () => {
    // The dispute test card: the emulator opens a dispute once the payment is captured.
    const { orderId, bodies } = await paidButUnprocessed("4000000000000259");
    const paying = newRequestId();
    for (const body of bodies)
      expect((await withRequestId(paying, () => deliver(body, signed(body)))).status).toBe(200);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("PAID");
    const captured = loggedLines().filter((line) => line.msg === "payment captured");
    expect(captured).toEqual([expect.objectContaining({ component: "payments", orderId, requestId: paying })]);
    const handled = loggedLines().filter((line) => line.msg === "event handled");
    expect(handled.length).toBe(bodies.length);
    for (const line of handled) expect(line.requestId).toBe(paying);

    await pay.settle();
    const opened = pay.captured.find((b) => b.includes('"charge.dispute.created"') && b.includes(orderId));
    expect(opened).toBeDefined();
    const disputing = newRequestId();
    const quiet = {
      ...recordingEvents(),
      alertDeps: { send: async () => undefined, fetch, env: { APP_URL: "http://shop.test" } },
    };
    expect((await withRequestId(disputing, () => deliver(opened!, signed(opened!), quiet))).status).toBe(200);
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: "dispute.opened", target: `order:${orderId}` },
    });
    expect(JSON.parse(entry.detail)).toMatchObject({ requestId: disputing });
    expect(loggedLines()).toContainEqual(
      expect.objectContaining({ msg: "event handled", eventType: "charge.dispute.created", requestId: disputing }),
    );
  });

  it("ignores event types outside the allowlist", async () => {
    const body = JSON.stringify({
      id: "evt_unknown_1",
      object: "event",
      type: "customer.created",
      data: { object: {} },
      api_version: "2026-10-28.endive",
      created: 1,
      livemode: false,
      pending_webhooks: 0,
      request: null,
    });
    const result = await deliver(body, signed(body));
    expect(result).toEqual({ status: 200, body: { received: true, status: "ignored" } });
    expect(await t.db.webhookEvent.findUnique({ where: { id: "evt_unknown_1" } })).toBeNull();
  });
});
