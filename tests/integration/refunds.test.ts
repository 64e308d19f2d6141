import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { refundOrder, type RefundOptions } from "@/lib/payments/refunds";
import { processStripeEvent } from "@/lib/payments/webhooks";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import {
  API_KEY,
  payOnHostedPage,
  startPayments,
  shopperCard,
  uniqueCard,
  uniqueEmail,
  type PaymentHarness,
} from "../support/payments";
import { createStaff, testKeyring, type StaffMember } from "./admin-helpers";
import { rejects } from "./auth-helpers";

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };

// Two-person control is tested in dual-control.test.ts; here it is off.
const oneStep: RefundOptions = { dualControlCents: 0 };
// One of two USB-C chargers (49.00) shipped to the US: its price plus its half of the line's 7.25 %
// sales tax (7.11 for both): a line refund carries the tax added for it (lib/checkout/pricing.ts).
const ONE_OF_TWO_CHARGERS = 4900 + 356;

describe.each(providers())("refunds on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let admin: StaffMember;
  let reviewer: StaffMember;
  const refunded: Array<{ orderId: string; refundId: string }> = [];

  /** A clean guest order, paid through the hosted page and captured automatically (PAID). */
  async function paidOrder(slug = "usb-c-charger", quantity = 2, card = uniqueCard()) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity,
    });
    const started = await startCheckout(
      t.db,
      pay.stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...address, email: uniqueEmail("buyer") },
    );
    await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    await pay.settle();
    const order = await t.db.order.findUniqueOrThrow({
      where: { id: started.orderId },
      include: { items: true, payment: true },
    });
    expect(order.status).toBe("PAID");
    return { ...order, productId: product.id };
  }
  const reload = (id: string) =>
    t.db.order.findUniqueOrThrow({
      where: { id },
      include: { payment: true, refunds: { orderBy: { createdAt: "asc" } } },
    });
  const stock = async (productId: string) => (await t.db.product.findUniqueOrThrow({ where: { id: productId } })).stock;
  const charge = async (paymentIntentId: string) => {
    const pi = await pay.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
    return pi.latest_charge as Stripe.Charge;
  };

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, {
      refunded: async (_db: unknown, orderId: string, refundId: string) => void refunded.push({ orderId, refundId }),
      alertDeps: { send: async () => {}, fetch, env: { APP_URL: "http://shop.test" } },
    });
    admin = await createStaff(t.db, testKeyring(), "ADMIN");
    reviewer = await createStaff(t.db, testKeyring(), "REVIEWER");
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("a partial refund by line, then the rest by amount: PARTIALLY_REFUNDED, then REFUNDED once Stripe confirms; restock only when chosen", async () => {
    const order = await paidOrder("usb-c-charger", 2);
    const line = order.items[0]!;
    const before = await stock(order.productId);

    const first = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: " Arrived broken ", lines: [{ orderItemId: line.id, quantity: 1 }], restock: true },
      oneStep,
    );
    expect(first).toMatchObject({ amountCents: ONE_OF_TWO_CHARGERS, status: "PENDING" });
    await pay.settle();
    let after = await reload(order.id);
    expect(after.status).toBe("PARTIALLY_REFUNDED");
    expect(after.payment?.amountRefunded).toBe(ONE_OF_TWO_CHARGERS);
    expect(after.refunds).toEqual([
      expect.objectContaining({
        id: first.refundId,
        status: "SUCCEEDED",
        amountCents: ONE_OF_TWO_CHARGERS,
        reason: "Arrived broken",
        restock: true,
        staffId: admin.actor.id,
      }),
    ]);
    expect(after.refunds[0]!.stripeRefundId).toMatch(/^re_/);
    expect(await stock(order.productId)).toBe(before + 1);
    expect(refunded).toContainEqual({ orderId: order.id, refundId: first.refundId });

    const rest = order.totalCents - ONE_OF_TWO_CHARGERS;
    const second = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "Customer returned everything", amountCents: rest, restock: true },
      oneStep,
    );
    await pay.settle();
    after = await reload(order.id);
    expect(after.status).toBe("REFUNDED");
    expect(after.payment?.amountRefunded).toBe(order.totalCents);
    expect(after.refunds.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    // An amount refund names no lines, so nothing more goes back on the shelf.
    expect(await stock(order.productId)).toBe(before + 1);
    expect((await charge(order.paymentIntentId!)).amount_refunded).toBe(order.totalCents);
    expect(refunded.filter((r) => r.orderId === order.id)).toEqual([
      { orderId: order.id, refundId: first.refundId },
      { orderId: order.id, refundId: second.refundId },
    ]);
    const audit = await t.db.auditLog.findMany({ where: { action: "order.refund", target: `order:${order.id}` } });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: admin.actor.id });
    // Nothing is left to refund.
    await rejects(
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "again", amountCents: 1 }, oneStep),
      "CONFLICT",
      /paid order/,
    );
  });

  it("a line refund without restock leaves the stock alone", async () => {
    const order = await paidOrder("usb-c-charger", 1);
    const before = await stock(order.productId);
    await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      {
        orderId: order.id,
        reason: "Late delivery",
        lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
        restock: false,
      },
      oneStep,
    );
    await pay.settle();
    expect((await reload(order.id)).status).toBe("PARTIALLY_REFUNDED");
    expect(await stock(order.productId)).toBe(before);
  });

  it("refuses more than is left, more of a line than was bought, and a missing reason; nothing changes", async () => {
    const order = await paidOrder();
    await rejects(
      refundOrder(
        t.db,
        pay.stripe,
        admin.actor,
        { orderId: order.id, reason: "too much", amountCents: order.totalCents + 1 },
        oneStep,
      ),
      "VALIDATION",
      /can still be refunded/,
    );
    await rejects(
      refundOrder(
        t.db,
        pay.stripe,
        admin.actor,
        { orderId: order.id, reason: "too many", lines: [{ orderItemId: order.items[0]!.id, quantity: 3 }] },
        oneStep,
      ),
      "VALIDATION",
      /can still be refunded/,
    );
    await rejects(
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "   ", amountCents: 100 }, oneStep),
      "VALIDATION",
    );
    await rejects(
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "neither" }, oneStep),
      "VALIDATION",
    );
    await pay.settle();
    const after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.refunds).toEqual([]);
    expect(after.payment?.amountRefunded).toBe(0);
    expect((await charge(order.paymentIntentId!)).amount_refunded).toBe(0);
  });

  it("refuses customers, signed-out callers, reviewers and staff without 2FA; nothing changes", async () => {
    const order = await paidOrder();
    const input = { orderId: order.id, reason: "mine", amountCents: 100 };
    const customer = {
      id: "c1",
      email: "c@example.com",
      name: "C",
      role: "CUSTOMER",
      sessionId: "s",
      twoFactorEnabled: true,
      authMethod: null,
      passkeyRequired: false,
    };
    await rejects(refundOrder(t.db, pay.stripe, customer, input, oneStep), "NOT_FOUND");
    await rejects(refundOrder(t.db, pay.stripe, null, input, oneStep), "UNAUTHENTICATED");
    await rejects(refundOrder(t.db, pay.stripe, reviewer.actor, input, oneStep), "FORBIDDEN");
    await rejects(
      refundOrder(
        t.db,
        pay.stripe,
        { ...admin.actor, twoFactorEnabled: false, authMethod: null, passkeyRequired: false },
        input,
      ),
      "FORBIDDEN",
      /two-factor/,
    );
    await pay.settle();
    expect((await reload(order.id)).refunds).toEqual([]);
    expect((await charge(order.paymentIntentId!)).amount_refunded).toBe(0);
  });

  it("two concurrent refunds never exceed the captured amount", async () => {
    const order = await paidOrder();
    const big = Math.ceil(order.totalCents * 0.6);
    const results = await Promise.allSettled([
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "one", amountCents: big }, oneStep),
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "two", amountCents: big }, oneStep),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const loser = results.find((r) => r.status === "rejected");
    expect((loser as PromiseRejectedResult).reason).toMatchObject({ code: "VALIDATION" });
    await pay.settle();
    const after = await reload(order.id);
    expect(after.refunds).toHaveLength(1);
    expect(after.payment?.amountRefunded).toBe(big);
    expect((await charge(order.paymentIntentId!)).amount_refunded).toBe(big);
  });

  it("a refund the provider refuses is FAILED with the provider's message and changes nothing else", async () => {
    // The dispute test card: the charge is disputed once captured, and Stripe refuses refunds then.
    const order = await paidOrder("usb-c-charger", 1, "4000000000000259");
    const error = await rejects(
      refundOrder(t.db, pay.stripe, admin.actor, { orderId: order.id, reason: "goodwill", amountCents: 500 }, oneStep),
      "PAYMENT",
      /charged back/,
    );
    await pay.settle();
    const after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.payment?.amountRefunded).toBe(0);
    expect(after.refunds).toEqual([expect.objectContaining({ status: "FAILED", stripeRefundId: null })]);
    expect(error.message).toContain(after.refunds[0]!.error!);
    expect(await t.db.auditLog.count({ where: { action: "order.refund.failed", target: `order:${order.id}` } })).toBe(
      1,
    );
    // A failed refund no longer counts against what is left to refund.
    await rejects(
      refundOrder(
        t.db,
        pay.stripe,
        admin.actor,
        { orderId: order.id, reason: "too much", amountCents: order.totalCents + 1 },
        oneStep,
      ),
      "VALIDATION",
      new RegExp(`At most ${order.totalCents} cents`),
    );
  });

  const settleOnEmulator = async (stripeRefundId: string, status?: "succeeded" | "failed") => {
    const response = await fetch(`${pay.emulator.url}/_emulator/refunds/${stripeRefundId}/settle`, {
      method: "POST",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(status ? { status } : {}),
    });
    expect(response.status).toBe(200);
    await pay.settle();
  };

  it("a pending refund (test card 7726) counts nowhere until refund.updated says succeeded; one that then fails is FAILED", async () => {
    const order = await paidOrder("usb-c-charger", 2, "4000000000007726");
    const line = order.items[0]!;
    const first = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "late parcel", lines: [{ orderItemId: line.id, quantity: 1 }] },
      oneStep,
    );
    await pay.settle();
    let after = await reload(order.id);
    expect(after.status).toBe("PAID");
    expect(after.payment?.amountRefunded).toBe(0);
    expect(after.refunds).toEqual([expect.objectContaining({ id: first.refundId, status: "PENDING" })]);
    expect(refunded.filter((r) => r.refundId === first.refundId)).toHaveLength(0);
    expect((await pay.stripe.refunds.retrieve(after.refunds[0]!.stripeRefundId!)).status).toBe("pending");

    await settleOnEmulator(after.refunds[0]!.stripeRefundId!);
    after = await reload(order.id);
    expect(after.status).toBe("PARTIALLY_REFUNDED");
    expect(after.payment?.amountRefunded).toBe(ONE_OF_TWO_CHARGERS);
    expect(after.refunds[0]).toMatchObject({ status: "SUCCEEDED" });
    expect(refunded.filter((r) => r.refundId === first.refundId)).toHaveLength(1);

    const second = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "the rest", amountCents: order.totalCents - ONE_OF_TWO_CHARGERS },
      oneStep,
    );
    await pay.settle();
    const pending = (await reload(order.id)).refunds.find((r) => r.id === second.refundId)!;
    expect(pending.status).toBe("PENDING");
    await settleOnEmulator(pending.stripeRefundId!, "failed");
    after = await reload(order.id);
    expect(after.refunds.find((r) => r.id === second.refundId)).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("failed") as string,
    });
    expect(after.status).toBe("PARTIALLY_REFUNDED");
    expect(after.payment?.amountRefunded).toBe(ONE_OF_TWO_CHARGERS);
  });

  it("a refund that succeeds and later fails (test card 5126) is FAILED with the money back in the captured total; a late 'succeeded' does not undo that", async () => {
    const order = await paidOrder("usb-c-charger", 1, "4000000000005126");
    const { refundId } = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "changed mind", amountCents: order.totalCents },
      oneStep,
    );
    await pay.settle();
    let after = await reload(order.id);
    expect(after.refunds[0]).toMatchObject({ id: refundId, status: "SUCCEEDED" });
    expect(after.payment?.amountRefunded).toBe(order.totalCents);

    await settleOnEmulator(after.refunds[0]!.stripeRefundId!);
    after = await reload(order.id);
    expect(after.refunds[0]).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(
        /^Failed after it succeeded\. Stripe reported the refund failed: expired_or_canceled_card/,
      ) as string,
    });
    expect(after.payment?.amountRefunded).toBe(0);
    expect(await t.db.auditLog.count({ where: { action: "order.refund.failed", target: `order:${order.id}` } })).toBe(
      1,
    );

    const [created] = (await pay.stripe.events.list({ type: "refund.created", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Refund).metadata?.refundId === refundId,
    );
    expect(
      await processStripeEvent(t.db, pay.stripe, { ...created!, id: `${created!.id}_late` }, pay.events),
    ).toMatchObject({ detail: "already-handled" });
    expect((await reload(order.id)).refunds[0]!.status).toBe("FAILED");
  });

  it("a refund status the store does not know fails the delivery, so Stripe retries it", async () => {
    const order = await paidOrder("usb-c-charger", 1);
    const { refundId } = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "broken", amountCents: 100 },
      oneStep,
    );
    await pay.settle();
    const [created] = (await pay.stripe.events.list({ type: "refund.created", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Refund).metadata?.refundId === refundId,
    );
    const unknown = {
      ...created!,
      id: `${created!.id}_future`,
      data: { object: { ...(created!.data.object as Stripe.Refund), status: "some_future_status" } },
    } as Stripe.Event;
    await expect(processStripeEvent(t.db, pay.stripe, unknown, pay.events)).rejects.toThrow(/does not know/);
  });

  it("redelivered or repeated refund events change nothing: stock, amounts and the email happen once", async () => {
    const order = await paidOrder("usb-c-charger", 2);
    const before = await stock(order.productId);
    const { refundId } = await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      {
        orderId: order.id,
        reason: "one broken",
        lines: [{ orderItemId: order.items[0]!.id, quantity: 1 }],
        restock: true,
      },
      oneStep,
    );
    await pay.settle();
    const snapshot = await reload(order.id);
    expect(snapshot.status).toBe("PARTIALLY_REFUNDED");
    const events = await pay.stripe.events.list({ limit: 100 });
    const mine = events.data.filter(
      (e) =>
        (e.type === "refund.created" && e.data.object.metadata?.refundId === refundId) ||
        (e.type === "charge.refunded" && e.data.object.payment_intent === order.paymentIntentId),
    );
    expect(mine.map((e) => e.type).sort()).toEqual(["charge.refunded", "refund.created"]);
    for (const event of mine) {
      // The same event again is a duplicate; the same news under a new event id is already handled.
      expect(await processStripeEvent(t.db, pay.stripe, event, pay.events)).toMatchObject({ status: "duplicate" });
      const fresh = await Promise.all(
        [1, 2].map((n) => processStripeEvent(t.db, pay.stripe, { ...event, id: `${event.id}_again${n}` }, pay.events)),
      );
      expect(fresh.map((r) => r.status)).toEqual(["processed", "processed"]);
    }
    const after = await reload(order.id);
    expect(after.status).toBe("PARTIALLY_REFUNDED");
    expect(after.payment?.amountRefunded).toBe(snapshot.payment?.amountRefunded);
    expect(after.refunds.map((r) => ({ id: r.id, status: r.status }))).toEqual(
      snapshot.refunds.map((r) => ({ id: r.id, status: "SUCCEEDED" })),
    );
    expect(await stock(order.productId)).toBe(before + 1);
    expect(refunded.filter((r) => r.refundId === refundId)).toHaveLength(1);
    expect(
      await t.db.auditLog.count({ where: { action: "order.refund.succeeded", target: `order:${order.id}` } }),
    ).toBe(1);
  });
});
