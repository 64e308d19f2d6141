import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { AlertMessage } from "@/lib/alerts";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { processStripeEvent } from "@/lib/payments/webhooks";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { API_KEY, payOnHostedPage, startPayments, shopperCard, uniqueCard, uniqueEmail, type PaymentHarness } from "../support/payments";
import { createStaff, testKeyring } from "./admin-helpers";

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const DISPUTE_CARD = "4000000000000259";

describe.each(providers())("disputes on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  const mail: AlertMessage[] = [];

  /**
   * Pays with the dispute test card; the clean order is captured, and the emulator opens a
   * dispute. The card-many-orders rule would hold a second order on the same card, so later
   * tests pay with a fresh card and open the dispute through the emulator's test endpoint.
   */
  async function disputedOrder(card = DISPUTE_CARD) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: product.id, quantity: 1 });
    const started = await startCheckout(t.db, pay.stripe, { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" }, { ...address, email: uniqueEmail("disputer") });
    await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    await pay.settle();
    if (card !== DISPUTE_CARD) {
      const payment = await t.db.payment.findUniqueOrThrow({ where: { orderId: started.orderId } });
      await emulatorPost(`/_emulator/charges/${payment.chargeId}/dispute`, { reason: "product_not_received" });
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
  const closeOnEmulator = (id: string, status: "won" | "lost") => emulatorPost(`/_emulator/disputes/${id}/close`, { status });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, { alertDeps: { send: async (m: AlertMessage) => void mail.push(m), fetch, env: { APP_URL: "http://shop.test" } } });
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
    expect(dispute).toMatchObject({ amountCents: order.totalCents, currency: order.currency, reason: "fraudulent", status: "needs_response", closedAt: null });
    expect(dispute.chargeId).toBe(order.payment?.chargeId);
    expect(dispute.evidenceDueBy!.getTime()).toBeGreaterThan(Date.now());
    const raised = await alerts(order.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.message).toContain(order.reference);
    expect(JSON.parse(raised[0]!.evidence)).toMatchObject({ disputeId: dispute.id, reason: "fraudulent" });
    expect(mail.some((m) => m.text.includes(order.reference))).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: "dispute.opened", target: `order:${order.id}` } })).toBe(1);

    const [created] = (await pay.stripe.events.list({ type: "charge.dispute.created", limit: 100 })).data.filter((e) => (e.data.object as Stripe.Dispute).id === dispute.id);
    expect(created).toBeDefined();
    expect(await processStripeEvent(t.db, pay.stripe, created!, pay.events)).toMatchObject({ status: "duplicate" });
    const again = await Promise.all([1, 2].map((n) => processStripeEvent(t.db, pay.stripe, { ...created!, id: `${created!.id}_again${n}` }, pay.events)));
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

    const [created] = (await pay.stripe.events.list({ type: "charge.dispute.created", limit: 100 })).data.filter((e) => (e.data.object as Stripe.Dispute).id === dispute.id);
    const stale = { ...created!, id: `${created!.id}_late`, data: { object: { ...(created!.data.object as Stripe.Dispute), status: "needs_response" } } } as Stripe.Event;
    expect(await processStripeEvent(t.db, pay.stripe, stale, pay.events)).toMatchObject({ detail: "already-handled" });
    expect((await t.db.dispute.findUniqueOrThrow({ where: { id: dispute.id } })).status).toBe("won");
    expect(await alerts(order.id)).toHaveLength(1);
  });

  it("a lost dispute is recorded as lost", async () => {
    const order = await disputedOrder(uniqueCard());
    await closeOnEmulator(order.disputes[0]!.id, "lost");
    const lost = await t.db.dispute.findUniqueOrThrow({ where: { id: order.disputes[0]!.id } });
    expect(lost.status).toBe("lost");
    expect(lost.closedAt).toBeInstanceOf(Date);
  });
});
