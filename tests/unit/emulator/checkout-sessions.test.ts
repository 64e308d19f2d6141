import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionParams, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ publicUrl: "http://pay.localhost:4242" });
});
afterAll(() => t.close());

describe("checkout sessions", () => {
  it("creates an open session with Stripe's fields and a hosted URL on the emulator origin", async () => {
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]+$/);
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 3000,
      currency: "usd",
      mode: "payment",
      client_reference_id: "order_123",
      customer_email: "shopper@example.com",
      metadata: { orderId: "order_123" },
      payment_intent: null,
      livemode: false,
    });
    expect(session.url).toBe(`http://pay.localhost:4242/c/pay/${session.id}`);
    // Default expiry: 24 hours.
    expect(session.expires_at - session.created).toBe(24 * 60 * 60);
  });

  it("retrieves a session and its line items", async () => {
    const created = await t.stripe.checkout.sessions.create(sessionParams());
    const fetched = await t.stripe.checkout.sessions.retrieve(created.id, {
      expand: ["line_items"],
    });
    expect(fetched.id).toBe(created.id);
    expect(fetched.line_items?.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([
      ["Ceramic mug", 2, 2500],
      ["Tea <sampler>", 1, 500],
    ]);
    const items = await t.stripe.checkout.sessions.listLineItems(created.id);
    expect(items.data).toHaveLength(2);
  });

  it("returns Stripe's 404 for an unknown session", async () => {
    const error = await t.stripe.checkout.sessions.retrieve("cs_test_nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such checkout.session: 'cs_test_nope'",
    });
  });

  it("expires an open session once, with a checkout.session.expired event", async () => {
    const created = await t.stripe.checkout.sessions.create(sessionParams());
    const expired = await t.stripe.checkout.sessions.expire(created.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    const again = await t.stripe.checkout.sessions.expire(created.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const events = await t.stripe.events.list({
      type: "checkout.session.expired",
    });
    expect(events.data.some((e) => (e.data.object as Stripe.Checkout.Session).id === created.id)).toBe(true);
  });

  it("expires sessions when the test clock passes expires_at", async () => {
    const now = t.emulator.clock.now();
    const created = await t.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 3600 }));
    t.emulator.clock.advance(3599);
    expect((await t.stripe.checkout.sessions.retrieve(created.id)).status).toBe("open");
    t.emulator.clock.advance(1);
    expect((await t.stripe.checkout.sessions.retrieve(created.id)).status).toBe("expired");
  });

  it("validates parameters like Stripe: missing, unknown, bad URL, bad expires_at", async () => {
    const missing = await t.stripe.checkout.sessions
      .create({ ...sessionParams(), success_url: undefined })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({
      statusCode: 400,
      code: "parameter_missing",
      param: "success_url",
    });

    const unknown = await t.stripe.checkout.sessions
      .create({ ...sessionParams(), ...({ shipping_colour: "red" } as object) })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      code: "parameter_unknown",
      param: "shipping_colour",
    });

    const badQuantity = await t.stripe.checkout.sessions
      .create(
        sessionParams({
          line_items: [
            {
              price_data: {
                currency: "usd",
                unit_amount: 100,
                product_data: { name: "x" },
              },
              quantity: 0,
            },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect(badQuantity).toMatchObject({ param: "line_items[0][quantity]" });

    const badUrl = await t.stripe.checkout.sessions
      .create(sessionParams({ success_url: "javascript:alert(1)" }))
      .catch((e: unknown) => e);
    expect(badUrl).toMatchObject({ param: "success_url" });

    const tooLate = await t.stripe.checkout.sessions
      .create(sessionParams({ expires_at: t.emulator.clock.now() + 25 * 3600 }))
      .catch((e: unknown) => e);
    expect(tooLate).toMatchObject({ param: "expires_at" });
  });

  it("lists sessions newest first, filtered by creation time and status, page by page", async () => {
    const since = t.emulator.clock.now();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await t.stripe.checkout.sessions.create(sessionParams({ metadata: { n: String(i) } }))).id);
    await t.stripe.checkout.sessions.expire(ids[0]!);
    const listed: string[] = [];
    for await (const s of t.stripe.checkout.sessions.list({ created: { gte: since }, limit: 2 })) listed.push(s.id);
    expect(listed).toEqual([...ids].reverse());
    const open = await t.stripe.checkout.sessions.list({ created: { gte: since }, status: "open" });
    expect(open.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    expect((await t.stripe.checkout.sessions.list({ created: { lt: since } })).data.map((s) => s.id)).not.toContain(
      ids[0],
    );
    const bad = await t.stripe.checkout.sessions.list({ status: "paid" as "open" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
