import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { AlertMessage } from "@/lib/alerts";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
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
import { createStaff, testKeyring } from "./admin-helpers";

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const DISPUTE_CARD = "4000000000000259";
const DISPUTE_CARDS = [DISPUTE_CARD, "4000000000001976", "4000000000002685"];

describe.each(providers())("disputes on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  const mail: AlertMessage[] = [];

  /**
   * Pays with the dispute test card; the clean order is captured, and the emulator opens a
   * dispute. The card-many-orders rule would hold a second order on the same card, so later
   * tests pay with a fresh card and open the dispute through the emulator's test endpoint.
   */
  async function disputedOrder(card = DISPUTE_CARD, openAs?: "needs_response" | "warning_needs_response") {
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
      { ...address, email: uniqueEmail("disputer") },
    );
    await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    await pay.settle();
    if (!DISPUTE_CARDS.includes(card)) {
      const payment = await t.db.payment.findUniqueOrThrow({ where: { orderId: started.orderId } });
      await emulatorPost(`/_emulator/charges/${payment.chargeId}/dispute`, {
        reason: "product_not_received",
        ...(openAs ? { status: openAs } : {}),
      });
    }
    return t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { payment: true, disputes: true } });
  }
  const alerts = (orderId: string) => t.db.alert.findMany({ where: { kind: "DISPUTE", orderId } });
  const emulatorPost = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${pay.emulator.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    expect(response.status).toBe(200);
    await pay.settle();
  };
  const closeOnEmulator = (id: string, status: "won" | "lost") =>
    emulatorPost(`/_emulator/disputes/${id}/close`, { status });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, {
      alertDeps: { send: async (m: AlertMessage) => void mail.push(m), fetch, env: { APP_URL: "http://shop.test" } },
    });
    await createStaff(t.db, testKeyring(), "ADMIN");
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("a captured payment with the dispute card opens a Dispute and raises one DISPUTE alert; redelivery raises no more", async () => {
    const order = await disputedOrder();
    expect(order.status).toBe("PAID");
    expect(order.disputes).toHaveLength(1);
    const dispute = order.disputes[0]!;
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute).toMatchObject({
      amountCents: order.totalCents,
      currency: order.currency,
      reason: "fraudulent",
      status: "needs_response",
      closedAt: null,
    });
    expect(dispute.chargeId).toBe(order.payment?.chargeId);
    expect(dispute.evidenceDueBy!.getTime()).toBeGreaterThan(Date.now());
    const raised = await alerts(order.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.message).toContain(order.reference);
    expect(JSON.parse(raised[0]!.evidence)).toMatchObject({ disputeId: dispute.id, reason: "fraudulent" });
    expect(mail.some((m) => m.text.includes(order.reference))).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: "dispute.opened", target: `order:${order.id}` } })).toBe(1);

    const [created] = (await pay.stripe.events.list({ type: "charge.dispute.created", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Dispute).id === dispute.id,
    );
    expect(created).toBeDefined();
    expect(await processStripeEvent(t.db, pay.stripe, created!, pay.events)).toMatchObject({ status: "duplicate" });
    const again = await Promise.all(
      [1, 2].map((n) =>
        processStripeEvent(t.db, pay.stripe, { ...created!, id: `${created!.id}_again${n}` }, pay.events),
      ),
    );
    expect(again.map((r) => r.detail)).toEqual(["dispute updated", "dispute updated"]);
    expect(await alerts(order.id)).toHaveLength(1);
    expect(await t.db.dispute.count({ where: { orderId: order.id } })).toBe(1);
  });

  it("closing the dispute on the emulator records the outcome once; a late 'created' does not reopen it", async () => {
    const order = await disputedOrder(uniqueCard());
    const dispute = order.disputes[0]!;
    expect(dispute.reason).toBe("product_not_received");
    await closeOnEmulator(dispute.id, "won");
    const closed = await t.db.dispute.findUniqueOrThrow({ where: { id: dispute.id } });
    expect(closed.status).toBe("won");
    expect(closed.closedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: "dispute.closed", target: `order:${order.id}` } })).toBe(1);

    const [created] = (await pay.stripe.events.list({ type: "charge.dispute.created", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Dispute).id === dispute.id,
    );
    const stale = {
      ...created!,
      id: `${created!.id}_late`,
      data: { object: { ...(created!.data.object as Stripe.Dispute), status: "needs_response" } },
    } as Stripe.Event;
    expect(await processStripeEvent(t.db, pay.stripe, stale, pay.events)).toMatchObject({ detail: "already-handled" });
    expect((await t.db.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).status).toBe("won");
    expect(await alerts(order.id)).toHaveLength(1);
  });

  const status = (id: string) => t.db.dispute.findUniqueOrThrow({ where: { id } });
  const auditCount = (action: string, orderId: string) =>
    t.db.auditLog.count({ where: { action, target: `order:${orderId}` } });
  const moveOnEmulator = (id: string, to: string) => emulatorPost(`/_emulator/disputes/${id}/status`, { status: to });
  const submitEvidence = async (id: string, text: string) => {
    await pay.stripe.disputes.update(id, {
      evidence: { uncategorized_text: text, product_description: "USB-C charger" },
    });
    await pay.settle();
  };

  it("an inquiry (test card 1976) is open as warning_needs_response; evidence closes it as warning_closed, once", async () => {
    const order = await disputedOrder("4000000000001976");
    const dispute = order.disputes[0]!;
    expect(dispute).toMatchObject({ status: "warning_needs_response", closedAt: null });
    expect(await alerts(order.id)).toHaveLength(1);
    await submitEvidence(dispute.id, "winning_evidence");
    const closed = await status(dispute.id);
    expect(closed.status).toBe("warning_closed");
    expect(closed.closedAt).toBeInstanceOf(Date);
    expect(await auditCount("dispute.closed", order.id)).toBe(1);
  });

  it("an inquiry the cardholder escalates becomes a chargeback (needs_response) and stays open", async () => {
    const order = await disputedOrder(uniqueCard(), "warning_needs_response");
    const id = order.disputes[0]!.id;
    await moveOnEmulator(id, "warning_under_review");
    expect((await status(id)).status).toBe("warning_under_review");
    await moveOnEmulator(id, "needs_response");
    expect(await status(id)).toMatchObject({ status: "needs_response", closedAt: null });
  });

  it("winning evidence moves the dispute under review, then won; losing evidence ends lost", async () => {
    const won = await disputedOrder(uniqueCard());
    await submitEvidence(won.disputes[0]!.id, "winning_evidence");
    expect(await status(won.disputes[0]!.id)).toMatchObject({ status: "won", closedAt: expect.any(Date) as Date });
    const reviewed = (await pay.stripe.events.list({ type: "charge.dispute.updated", limit: 100 })).data
      .map((e) => e.data.object as Stripe.Dispute)
      .filter((d) => d.id === won.disputes[0]!.id);
    expect(reviewed.map((d) => d.status).sort()).toEqual(["under_review", "won"]);

    const lost = await disputedOrder(uniqueCard());
    await submitEvidence(lost.disputes[0]!.id, "losing_evidence");
    expect(await status(lost.disputes[0]!.id)).toMatchObject({ status: "lost", closedAt: expect.any(Date) as Date });
    expect(await auditCount("dispute.closed", lost.id)).toBe(1);
  });

  it("a prevented dispute is closed, with its close entry", async () => {
    const order = await disputedOrder(uniqueCard());
    await moveOnEmulator(order.disputes[0]!.id, "prevented");
    expect(await status(order.disputes[0]!.id)).toMatchObject({
      status: "prevented",
      closedAt: expect.any(Date) as Date,
    });
    expect(await auditCount("dispute.closed", order.id)).toBe(1);
  });

  it("an appeal reopens a lost dispute; the appeal's outcome closes it again with a second close entry", async () => {
    const order = await disputedOrder(uniqueCard());
    const id = order.disputes[0]!.id;
    await closeOnEmulator(id, "lost");
    await moveOnEmulator(id, "appeal_needs_response");
    expect(await status(id)).toMatchObject({ status: "appeal_needs_response", closedAt: null });
    expect(await auditCount("dispute.appealed", order.id)).toBe(1);
    await submitEvidence(id, "winning_evidence");
    expect(await status(id)).toMatchObject({ status: "won", closedAt: expect.any(Date) as Date });
    expect(await auditCount("dispute.closed", order.id)).toBe(2);
    // A late report of the appeal does not reopen the won dispute.
    const [appealed] = (await pay.stripe.events.list({ type: "charge.dispute.updated", limit: 100 })).data.filter(
      (e) =>
        (e.data.object as Stripe.Dispute).id === id &&
        (e.data.object as Stripe.Dispute).status === "appeal_needs_response",
    );
    expect(
      await processStripeEvent(t.db, pay.stripe, { ...appealed!, id: `${appealed!.id}_late` }, pay.events),
    ).toMatchObject({ detail: "already-handled" });
    expect((await status(id)).status).toBe("won");
  });

  it("a dispute status the store does not know fails the delivery, so Stripe retries it", async () => {
    const order = await disputedOrder(uniqueCard());
    const [created] = (await pay.stripe.events.list({ type: "charge.dispute.created", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Dispute).id === order.disputes[0]!.id,
    );
    const unknown = {
      ...created!,
      id: `${created!.id}_future`,
      data: { object: { ...(created!.data.object as Stripe.Dispute), status: "some_future_status" } },
    } as Stripe.Event;
    await expect(processStripeEvent(t.db, pay.stripe, unknown, pay.events)).rejects.toThrow(/does not know/);
  });

  it("a lost dispute is recorded as lost", async () => {
    const order = await disputedOrder(uniqueCard());
    await closeOnEmulator(order.disputes[0]!.id, "lost");
    const lost = await t.db.dispute.findUniqueOrThrow({ where: { id: order.disputes[0]!.id } });
    expect(lost.status).toBe("lost");
    expect(lost.closedAt).toBeInstanceOf(Date);
  });
});
