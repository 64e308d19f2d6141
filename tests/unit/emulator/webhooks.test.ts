import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  payNewSession,
  startTestEmulator,
  startWebhookReceiver,
  typesOf,
  WEBHOOK_SECRET,
  type TestEmulator,
  type WebhookReceiver,
} from "./helpers";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  failFirst = 0,
  retryDelaysMs = [20, 40, 80],
): Promise<{ t: TestEmulator; receiver: WebhookReceiver }> {
  const receiver = await startWebhookReceiver(failFirst);
  cleanups.push(() => receiver.close());
  const t = await startTestEmulator({
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryDelaysMs: retryDelaysMs,
  });
  cleanups.push(() => t.close());
  return { t, receiver };
}

describe("webhook delivery", () => {
  it("signs every event so stripe.webhooks.constructEvent accepts it, and a wrong secret is rejected", async () => {
    const { t, receiver } = await setup();
    const { sessionId } = await payNewSession(t.stripe, "4242424242424242");
    await t.emulator.webhooks.idle();

    // Different objects are delivered independently, so only the set is fixed.
    expect(typesOf(receiver.received).sort()).toEqual([
      "checkout.session.completed",
      "payment_intent.amount_capturable_updated",
    ]);
    for (const delivery of receiver.received) {
      const signature = delivery.headers["stripe-signature"] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = t.stripe.webhooks.constructEvent(delivery.body, signature, WEBHOOK_SECRET);
      expect(event).toMatchObject({
        object: "event",
        livemode: false,
        api_version: Stripe.API_VERSION,
        pending_webhooks: 1,
      });
      expect(event.id).toMatch(/^evt_/);
      expect(event.request?.id).toMatch(/^req_/);
      expect(() => t.stripe.webhooks.constructEvent(delivery.body, signature, "whsec_not_the_right_secret")).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
      expect(() =>
        t.stripe.webhooks.constructEvent(delivery.body.replace("livemode", "liveMode"), signature, WEBHOOK_SECRET),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    }
    const completed = receiver.received
      .map((w) => JSON.parse(w.body) as Stripe.Event)
      .find((e) => e.type === "checkout.session.completed");
    if (!completed) throw new Error("no checkout.session.completed delivery");
    expect(completed.data.object.id).toBe(sessionId);

    // The stored event is the same one, and now records its delivery.
    const stored = await t.stripe.events.retrieve(completed.id);
    expect(stored).toMatchObject({
      id: completed.id,
      type: "checkout.session.completed",
      pending_webhooks: 0,
    });
  });

  it("retries after the receiver fails twice, and waiting needs no sleeps", async () => {
    const { t, receiver } = await setup(2);
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        {
          price_data: {
            currency: "eur",
            unit_amount: 900,
            product_data: { name: "Book" },
          },
          quantity: 1,
        },
      ],
      success_url: "http://shop.test/ok",
    });
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.webhooks.idle();

    expect(receiver.hits()).toBe(3);
    expect(typesOf(receiver.received)).toEqual(["checkout.session.expired"]);
    const [delivery] = t.emulator.webhooks.deliveries();
    expect(delivery).toMatchObject({
      type: "checkout.session.expired",
      status: "delivered",
    });
    expect(delivery?.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    // Each attempt is signed afresh and still verifies.
    const body = receiver.received[0]?.body ?? "";
    expect(
      t.stripe.webhooks.constructEvent(
        body,
        receiver.received[0]?.headers["stripe-signature"] as string,
        WEBHOOK_SECRET,
      ).type,
    ).toBe("checkout.session.expired");
  });

  it("gives up after the configured attempts and reports the failure", async () => {
    const { t, receiver } = await setup(100, [10, 10]);
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        {
          price_data: {
            currency: "usd",
            unit_amount: 900,
            product_data: { name: "Book" },
          },
          quantity: 1,
        },
      ],
      success_url: "http://shop.test/ok",
    });
    await t.stripe.checkout.sessions.expire(session.id);
    await t.emulator.webhooks.idle();
    expect(receiver.hits()).toBe(3);
    expect(t.emulator.webhooks.deliveries()[0]).toMatchObject({
      status: "failed",
    });

    const listing = await fetch(`${t.emulator.url}/_emulator/events`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    const body = (await listing.json()) as {
      data: {
        type: string;
        delivery: { status: string; attempts: unknown[] };
      }[];
    };
    expect(body.data[0]).toMatchObject({
      type: "checkout.session.expired",
      delivery: { status: "failed" },
    });
    expect(body.data[0]?.delivery.attempts).toHaveLength(3);
  });

  it("keeps creation order per object even while an earlier event is being retried", async () => {
    const { t, receiver } = await setup(1);
    const { sessionId } = await payNewSession(t.stripe, "4242424242424242");
    const session = await t.stripe.checkout.sessions.retrieve(sessionId);
    const intentId = session.payment_intent as string;
    await t.stripe.paymentIntents.capture(intentId);
    await t.emulator.webhooks.idle();
    const forIntent = receiver.received
      .map((w) => JSON.parse(w.body) as Stripe.Event)
      .filter((e) => (e.data.object as { id: string }).id === intentId)
      .map((e) => e.type);
    expect(forIntent).toEqual(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"]);
  });

  it("lets other processes wait for delivery over HTTP", async () => {
    const { t, receiver } = await setup(1);
    await payNewSession(t.stripe, "4242424242424242");
    const response = await fetch(`${t.emulator.url}/_emulator/webhooks/idle?timeout_ms=5000`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(200);
    expect(receiver.received).toHaveLength(2);
  });
});
