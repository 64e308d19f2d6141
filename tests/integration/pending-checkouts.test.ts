// The sweep's pending-checkout pass against real databases and the real emulator. The crashes
// are reproduced with a fault proxy between startCheckout and the emulator (tests/support/
// stripe-fault-proxy.ts): the checkout is stopped before or after the session exists and held
// there, as a dead instance leaves it, while the sweep runs.
import { beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { reconcilePendingCheckouts, SESSIONLESS_GRACE_MS } from "@/lib/orders/pending-checkouts";
import { createStripe } from "@/lib/payments/stripe";
import { receiveStripeWebhook } from "@/lib/payments/webhook-endpoint";
import { providers } from "../support/databases";
import { databaseSuite } from "../support/database-suite";
import {
  API_KEY,
  payOnHostedPage,
  recordingEvents,
  startPayments,
  shopperCard,
  uniqueCard,
  uniqueEmail,
  WEBHOOK_SECRET,
} from "../support/payments";
import { startFaultProxy, type FaultPoint } from "../support/stripe-fault-proxy";

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const SLUG = "insulated-bottle";

describe.each(providers())("pending checkouts on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async (d) => {
      await seedCatalog(d.db);
      return { pay: await startPayments(d.db, { process: false }) };
    },
    (s) => s.pay.close(),
  );
  let productId: string;
  beforeAll(async () => {
    productId = (await t.db.product.findUniqueOrThrow({ where: { slug: SLUG } })).id;
  });

  const stock = async () => (await t.db.product.findUniqueOrThrow({ where: { id: productId } })).stock;
  const cart = async () =>
    (await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId, quantity: 2 })).token;
  const checkout = (stripe: Stripe, token: string) =>
    startCheckout(
      t.db,
      stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...address, email: uniqueEmail("pending") },
    );
  const audits = (orderId: string) =>
    t.db.auditLog.findMany({ where: { action: "order.checkout-expired", target: `order:${orderId}` } });
  const sessionsFor = async (orderId: string) => {
    const found: Stripe.Checkout.Session[] = [];
    for await (const s of t.pay.stripe.checkout.sessions.list({ limit: 100 }))
      if (s.metadata?.orderId === orderId) found.push(s);
    return found;
  };

  /** A checkout stopped at `point` and held there, as an instance that died at that point leaves it. */
  async function strandedCheckout(point: FaultPoint) {
    const proxy = await startFaultProxy(`http://127.0.0.1:${t.pay.emulator.port}`, point);
    const before = await stock();
    const outcome = checkout(createStripe(API_KEY, proxy.url), await cart()).then(
      (v) => ({ ok: true as const, value: v }),
      (e: unknown) => ({ ok: false as const, error: e }),
    );
    const { sessionId } = await proxy.reached;
    const order = await t.db.order.findFirstOrThrow({
      where: { status: "PENDING_PAYMENT", checkoutSessionId: null },
      orderBy: { createdAt: "desc" },
    });
    expect(await stock()).toBe(before - 2);
    return { proxy, outcome, order, sessionId, before };
  }

  it("returns the stock of an order whose instance died before the session existed, once, after the grace period", async () => {
    const { proxy, outcome, order, before } = await strandedCheckout("before-session");
    // Within the grace period the creating instance may still be working: left alone.
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe)).toEqual({ expired: 0, awaitingWebhook: 0, errors: 0 });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING_PAYMENT");

    const later = new Date(order.createdAt.getTime() + SESSIONLESS_GRACE_MS + 1000);
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, later)).toEqual({
      expired: 1,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, later)).toEqual({
      expired: 0,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "EXPIRED",
      stockReleased: true,
      checkoutSessionId: null,
    });
    expect(await stock()).toBe(before);
    expect((await audits(order.id)).map((a) => JSON.parse(a.detail) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ reason: "no-session", checkoutSessionId: null }),
    ]);

    // Had the instance lived on (its request retried), the session it then creates is closed
    // at once and the shopper told to try again: nobody can pay an order whose stock went back.
    proxy.release("drop");
    const late = await outcome;
    expect(late.ok).toBe(false);
    expect(late.ok ? null : late.error).toBeInstanceOf(AppError);
    expect((await sessionsFor(order.id)).map((s) => s.status)).toEqual(["expired"]);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "EXPIRED",
      checkoutSessionId: null,
    });
    expect(await stock()).toBe(before);
    await proxy.close();
  });

  it("finds the session an instance created but never saved, expires it at the provider and returns the stock", async () => {
    const { proxy, outcome, order, sessionId, before } = await strandedCheckout("after-session");
    expect(sessionId).toMatch(/^cs_/);
    expect((await t.pay.stripe.checkout.sessions.retrieve(sessionId!)).status).toBe("open");

    const later = new Date(order.createdAt.getTime() + SESSIONLESS_GRACE_MS + 1000);
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, later)).toEqual({
      expired: 1,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "EXPIRED",
      checkoutSessionId: sessionId,
    });
    expect((await t.pay.stripe.checkout.sessions.retrieve(sessionId!)).status).toBe("expired");
    expect(await stock()).toBe(before);
    expect((await audits(order.id)).map((a) => JSON.parse(a.detail) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ reason: "session-id-not-saved", checkoutSessionId: sessionId, session: "expired" }),
    ]);

    // The slow instance's answer arrives after all: it must not hand out the payment page.
    proxy.release("answer");
    const late = await outcome;
    expect(late.ok).toBe(false);
    expect(late.ok ? null : (late.error as AppError).code).toBe("CONFLICT");
    expect(await stock()).toBe(before);
    await proxy.close();
  });

  it("expires an order whose session is past its expiry once, after closing the session at the provider", async () => {
    const before = await stock();
    const started = await checkout(t.pay.stripe, await cart());
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    // The session was created with the expiry stored on the order, to the second.
    const session = await t.pay.stripe.checkout.sessions.retrieve(order.checkoutSessionId!);
    expect(session.expires_at * 1000).toBe(order.checkoutExpiresAt!.getTime());

    expect(
      await reconcilePendingCheckouts(t.db, t.pay.stripe, new Date(order.checkoutExpiresAt!.getTime() - 1000)),
    ).toEqual({ expired: 0, awaitingWebhook: 0, errors: 0 });
    const past = new Date(order.checkoutExpiresAt!.getTime() + 1000);
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, past)).toEqual({
      expired: 1,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, past)).toEqual({
      expired: 0,
      awaitingWebhook: 0,
      errors: 0,
    });
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("EXPIRED");
    expect((await t.pay.stripe.checkout.sessions.retrieve(order.checkoutSessionId!)).status).toBe("expired");
    expect(await stock()).toBe(before);
    expect(await audits(order.id)).toHaveLength(1);
  });

  it("never gives up an order paid at the last second: the payment webhook applies it", async () => {
    const before = await stock();
    const started = await checkout(t.pay.stripe, await cart());
    const from = t.pay.captured.length;
    expect((await payOnHostedPage(started.redirectUrl, shopperCard(address, uniqueCard()))).status).toBe(303);
    await t.pay.settle();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    // The webhook has not been applied yet when the sweep comes by, past the session's expiry.
    const past = new Date(order.checkoutExpiresAt!.getTime() + 1000);
    expect(await reconcilePendingCheckouts(t.db, t.pay.stripe, past)).toEqual({
      expired: 0,
      awaitingWebhook: 1,
      errors: 0,
    });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PENDING_PAYMENT",
      stockReleased: false,
    });
    expect(await stock()).toBe(before - 2);

    const events = recordingEvents();
    for (const body of t.pay.captured.slice(from)) {
      const signature = t.pay.stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET });
      expect(
        (
          await receiveStripeWebhook(
            { db: t.db, stripe: t.pay.stripe, secret: WEBHOOK_SECRET, events },
            { body, signature },
          )
        ).status,
      ).toBe(200);
    }
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PAID");
    expect(events.log).toEqual([{ kind: "paid", orderId: order.id }]);
    expect(await stock()).toBe(before - 2);
  });
});
