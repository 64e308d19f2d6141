import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { AlertMessage } from "@/lib/alerts";
import { verifyAuditChain } from "@/lib/audit/log";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { isBlocked } from "@/lib/fraud/blocklist";
import { earlyFraudWarningsOf, refundAndBlockCard } from "@/lib/payments/early-fraud-warnings";
import { REFUND_NEEDS_SECOND } from "@/lib/payments/refunds";
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

// Early fraud warnings: the emulator raises radar.early_fraud_warning.created for Stripe's test
// card 4000 0000 0000 5423 once the payment is captured; the store flags the order, alerts staff
// and audits it once; "refund and block this card" refunds what is left, blocks the card's
// fingerprint and resolves the warning in one audited step, for staff allowed to do both.

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const WARNING_CARD = "4000000000005423";

describe.each(providers())("early fraud warnings on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let admin: StaffMember;
  let reviewer: StaffMember;
  const mail: AlertMessage[] = [];

  async function paidOrder(card: string) {
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
      { ...address, email: uniqueEmail("efw") },
    );
    await payOnHostedPage(started.redirectUrl, shopperCard(address, card));
    await pay.settle();
    return t.db.order.findUniqueOrThrow({
      where: { id: started.orderId },
      include: { payment: true, earlyFraudWarnings: true },
    });
  }
  const emulatorPost = async (path: string, form: Record<string, string> = {}) => {
    const response = await fetch(`${pay.emulator.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    expect(response.status).toBe(200);
    await pay.settle();
    return (await response.json()) as Stripe.Radar.EarlyFraudWarning;
  };
  const snapshot = async (orderId: string) => ({
    refunds: await t.db.refund.count({ where: { orderId } }),
    blocks: await t.db.blockEntry.count(),
    warnings: await t.db.earlyFraudWarning.findMany({ where: { orderId }, select: { resolvedAt: true } }),
    audit: await t.db.auditLog.count(),
  });

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, {
      refunded: async () => {},
      alertDeps: {
        send: async (m: AlertMessage) => void mail.push(m),
        fetch,
        env: { APP_URL: "http://shop.test", ALERT_EMAIL: "alerts@example.com" },
      },
    });
    admin = await createStaff(t.db, testKeyring(), "ADMIN");
    reviewer = await createStaff(t.db, testKeyring(), "REVIEWER");
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("the test card's captured payment is flagged once: the warning, one alert by email, one audit entry", async () => {
    const order = await paidOrder(WARNING_CARD);
    expect(order.status).toBe("PAID");
    expect(order.earlyFraudWarnings).toHaveLength(1);
    const warning = order.earlyFraudWarnings[0]!;
    expect(warning).toMatchObject({
      chargeId: order.payment!.chargeId,
      fraudType: "made_with_stolen_card",
      actionable: true,
      resolvedAt: null,
    });
    expect(warning.id).toMatch(/^issfr_/);
    const alerts = await t.db.alert.findMany({
      where: { kind: "EARLY_FRAUD_WARNING", orderId: order.id },
      include: { deliveries: true },
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toContain(`order ${order.reference}`);
    expect(alerts[0]!.message).toContain("stolen card");
    expect(alerts[0]!.deliveries.map((d) => [d.channel, d.status])).toEqual([["EMAIL", "DELIVERED"]]);
    expect(
      mail.some(
        (m) => m.subject === `[Fraud warning] Order ${order.reference}: the card issuer reported this payment as fraud`,
      ),
    ).toBe(true);
    expect(
      await t.db.auditLog.count({ where: { action: "order.early_fraud_warning", target: `order:${order.id}` } }),
    ).toBe(1);

    // The same event again (a redelivery under a new id, as another instance might see it) changes nothing.
    const [event] = (
      await pay.stripe.events.list({ type: "radar.early_fraud_warning.created", limit: 100 })
    ).data.filter((e) => (e.data.object as Stripe.Radar.EarlyFraudWarning).id === warning.id);
    expect(await processStripeEvent(t.db, pay.stripe, { ...event!, id: `${event!.id}_again` }, pay.events)).toEqual({
      status: "processed",
      detail: "already-handled",
    });
    expect(await t.db.alert.count({ where: { kind: "EARLY_FRAUD_WARNING", orderId: order.id } })).toBe(1);
    // The provider's copy reads the same.
    expect(await pay.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toMatchObject({
      id: warning.id,
      charge: order.payment!.chargeId,
      actionable: true,
    });
  });

  it("refund and block this card: refunds what is left, blocks the fingerprint, resolves the warning, audited", async () => {
    const order = await paidOrder(uniqueCard());
    const warning = await emulatorPost(`/_emulator/charges/${order.payment!.chargeId}/early_fraud_warning`, {
      fraud_type: "unauthorized_use_of_card",
    });
    expect(
      (await earlyFraudWarningsOf(t.db, reviewer.actor, order.id)).map((w) => [w.id, w.fraudType, w.resolvedAt]),
    ).toEqual([[warning.id, "unauthorized_use_of_card", null]]);

    const result = await refundAndBlockCard(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, warningId: warning.id },
      { ip: "203.0.113.5", dualControlCents: 0 },
    );
    expect(result).toMatchObject({ refundedCents: order.payment!.amountCaptured, blocked: "added" });
    await pay.settle();
    const after = await t.db.order.findUniqueOrThrow({
      where: { id: order.id },
      include: { payment: true, refunds: true, earlyFraudWarnings: true },
    });
    expect(after.status).toBe("REFUNDED");
    expect(after.refunds).toMatchObject([
      {
        status: "SUCCEEDED",
        amountCents: order.payment!.amountCaptured,
        reason: `Early fraud warning ${warning.id}: unauthorized use of the card`,
      },
    ]);
    const refund = await pay.stripe.refunds.retrieve(after.refunds[0]!.stripeRefundId!);
    expect(refund.reason).toBe("fraudulent");
    expect(after.earlyFraudWarnings[0]).toMatchObject({ resolvedByEmail: admin.actor.email });
    expect(after.earlyFraudWarnings[0]!.resolvedAt).toBeInstanceOf(Date);
    expect(await isBlocked(t.db, { cardFingerprint: order.payment!.cardFingerprint })).toMatchObject({
      kind: "CARD",
      value: order.payment!.cardFingerprint,
    });

    const entries = await t.db.auditLog.findMany({
      where: { OR: [{ target: `order:${order.id}` }, { action: "blocklist.add" }] },
      orderBy: { seq: "asc" },
    });
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["order.refund", "blocklist.add", "order.early_fraud_warning.resolved"]),
    );
    const resolved = entries.find((e) => e.action === "order.early_fraud_warning.resolved")!;
    expect(resolved).toMatchObject({ actorEmail: admin.actor.email, ip: "203.0.113.5" });
    expect(JSON.parse(resolved.detail)).toMatchObject({
      warningId: warning.id,
      refundedCents: order.payment!.amountCaptured,
      cardBlocked: "added",
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // Done once: a second click is refused and changes nothing.
    const before = await snapshot(order.id);
    await expect(
      refundAndBlockCard(t.db, pay.stripe, admin.actor, { orderId: order.id, warningId: warning.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await snapshot(order.id)).toEqual(before);
  });

  it("needs both refund and block permissions, valid input and the order's own warning; refused attempts change nothing", async () => {
    const order = await paidOrder(uniqueCard());
    const warning = await emulatorPost(`/_emulator/charges/${order.payment!.chargeId}/early_fraud_warning`);
    const other = await paidOrder(uniqueCard());
    const before = await snapshot(order.id);
    const refused = async (actor: StaffMember["actor"] | null, input: unknown, code: string) => {
      const error = await refundAndBlockCard(t.db, pay.stripe, actor, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(code);
    };
    await refused(reviewer.actor, { orderId: order.id, warningId: warning.id }, "FORBIDDEN"); // reviewers do not refund
    await refused(null, { orderId: order.id, warningId: warning.id }, "UNAUTHENTICATED");
    await refused(admin.actor, { orderId: order.id, warningId: "not-a-warning" }, "VALIDATION");
    await refused(admin.actor, { orderId: other.id, warningId: warning.id }, "NOT_FOUND"); // another order's warning
    expect(await snapshot(order.id)).toEqual(before);
    expect(await isBlocked(t.db, { cardFingerprint: order.payment!.cardFingerprint })).toBeNull();
  });

  it("above the two-person amount the one-step refund is refused and changes nothing: the warning stays open", async () => {
    const order = await paidOrder(uniqueCard());
    const warning = await emulatorPost(`/_emulator/charges/${order.payment!.chargeId}/early_fraud_warning`);
    const before = await snapshot(order.id);
    await expect(
      refundAndBlockCard(
        t.db,
        pay.stripe,
        admin.actor,
        { orderId: order.id, warningId: warning.id },
        { dualControlCents: 1 },
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: REFUND_NEEDS_SECOND });
    expect(await snapshot(order.id)).toEqual(before);
    expect(await t.db.earlyFraudWarning.findUniqueOrThrow({ where: { id: warning.id } })).toMatchObject({
      resolvedAt: null,
      resolvedByEmail: null,
    });
    expect(await isBlocked(t.db, { cardFingerprint: order.payment!.cardFingerprint })).toBeNull();
  });

  it("an already refunded order still gets its card blocked, with nothing refunded twice", async () => {
    const order = await paidOrder(uniqueCard());
    const warning = await emulatorPost(`/_emulator/charges/${order.payment!.chargeId}/early_fraud_warning`);
    const first = await refundAndBlockCard(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, warningId: warning.id },
      { dualControlCents: 0 },
    );
    await pay.settle();
    expect(first.blocked).toBe("added");
    // A second warning on the same charge (Stripe can send more than one): nothing left to refund, card already blocked.
    const again = await emulatorPost(`/_emulator/charges/${order.payment!.chargeId}/early_fraud_warning`);
    expect(again.actionable).toBe(false);
    const second = await refundAndBlockCard(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, warningId: again.id },
      { dualControlCents: 0 },
    );
    expect(second).toMatchObject({ refundedCents: 0, blocked: "already", refundId: null });
    expect(await t.db.refund.count({ where: { orderId: order.id } })).toBe(1);
  });
});
