import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { sdkSchemas, type JsonSchema } from "@/emulator/conformance/sdk-schema";
import { validate, type Problem } from "@/emulator/conformance/validate";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { refundOrder, type RefundOptions } from "@/lib/payments/refunds";
import {
  chargeSucceeded,
  sessionPaid,
  sessionState,
  type StripeChargeStatus,
  type StripeSessionPaymentStatus,
  type StripeSessionStatus,
} from "@/lib/payments/stripe-enums";
import { freshDatabase, type TestDatabase } from "../support/databases";
import {
  alertOnly,
  API_KEY,
  payOnHostedPage,
  startPayments,
  testCard,
  uniqueCard,
  uniqueEmail,
  type PaymentHarness,
} from "../support/payments";
import { createStaff, testKeyring, type StaffMember } from "./admin-helpers";

// The emulator against the `stripe` SDK's own types (the pinned version): the store's real calls
// (checkout, payment on the hosted page, capture, refunds, disputes and their evidence) drive
// it; every response and every webhook's data.object must match the JSON schema derived from the
// SDK's type for that object (emulator/conformance/sdk-schema.ts): no missing required field, no
// wrong type or value outside an enum, no field the SDK does not declare.

const SCHEMAS = {
  session: "Stripe.Checkout.Session",
  payment_intent: "Stripe.PaymentIntent",
  payment_method: "Stripe.PaymentMethod",
  charge: "Stripe.Charge",
  refund: "Stripe.Refund",
  dispute: "Stripe.Dispute",
  early_fraud_warning: "Stripe.Radar.EarlyFraudWarning",
  tax_rate: "Stripe.TaxRate",
  shipping_rate: "Stripe.ShippingRate",
  event: 'Omit<Stripe.RefundCreatedEvent, "type" | "data">',
} as const;
const BY_OBJECT: Record<string, keyof typeof SCHEMAS> = {
  "checkout.session": "session",
  payment_intent: "payment_intent",
  payment_method: "payment_method",
  charge: "charge",
  refund: "refund",
  dispute: "dispute",
  "radar.early_fraud_warning": "early_fraud_warning",
  tax_rate: "tax_rate",
  shipping_rate: "shipping_rate",
};
const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };

// Two-person control is tested in dual-control.test.ts; here it is off.
const oneStep: RefundOptions = { dualControlCents: 0 };

describe("the emulator conforms to the stripe SDK's types", () => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let admin: StaffMember;
  let schemas: Record<string, JsonSchema>;
  const report = (problems: Problem[]) => problems.map((p) => `${p.kind} ${p.path}: ${p.message}`);
  const check = (value: object) => {
    const name = BY_OBJECT[String((value as { object?: unknown }).object)];
    expect(
      name,
      `an object the conformance test knows: ${String((value as { object?: unknown }).object)}`,
    ).toBeDefined();
    return report(validate(schemas[name!]!, value));
  };

  beforeAll(async () => {
    schemas = sdkSchemas(SCHEMAS);
    t = await freshDatabase("sqlite");
    await seedCatalog(t.db);
    // Payments must be captured to be refunded and disputed: the fraud rules act on alerts only here.
    await alertOnly(t.db);
    pay = await startPayments(t.db);
    Object.assign(pay.events, {
      refunded: async () => {},
      alertDeps: { send: async () => {}, fetch, env: { APP_URL: "http://shop.test" } },
    });
    admin = await createStaff(t.db, testKeyring(), "ADMIN");
  });
  afterAll(async () => {
    await pay?.close();
    await t?.drop();
  });

  async function paidOrder(card: string) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 2,
    });
    const started = await startCheckout(
      t.db,
      pay.stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "http://shop.test" },
      { ...address, email: uniqueEmail("conform") },
    );
    await payOnHostedPage(started.redirectUrl, testCard(card));
    await pay.settle();
    return t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { payment: true, items: true } });
  }
  const emulatorPost = async (path: string, form: Record<string, string>) => {
    const response = await fetch(`${pay.emulator.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
    expect(response.status).toBe(200);
    await pay.settle();
  };

  it("every response and every webhook's data.object matches the SDK's schema", async () => {
    // A plain payment, a declined card, refunds that settle later, and each dispute path.
    const order = await paidOrder(uniqueCard());
    const pending = await paidOrder("4000000000007726");
    const failing = await paidOrder("4000000000005126");
    const disputed = await paidOrder("4000000000000259");
    const inquiry = await paidOrder("4000000000001976");
    await paidOrder("4000000000005423"); // an early fraud warning once captured
    await paidOrder("4000000000000002").catch(() => null);

    await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: order.id, reason: "conformance", amountCents: 100 },
      oneStep,
    );
    await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: pending.id, reason: "conformance", amountCents: 100 },
      oneStep,
    );
    await refundOrder(
      t.db,
      pay.stripe,
      admin.actor,
      { orderId: failing.id, reason: "conformance", amountCents: 100 },
      oneStep,
    );
    await pay.settle();
    for (const o of [pending, failing])
      for (const row of await t.db.refund.findMany({ where: { orderId: o.id } }))
        await emulatorPost(`/_emulator/refunds/${row.stripeRefundId}/settle`, {});

    const chargeback = await t.db.dispute.findFirstOrThrow({ where: { orderId: disputed.id } });
    const warning = await t.db.dispute.findFirstOrThrow({ where: { orderId: inquiry.id } });
    await pay.stripe.disputes.update(chargeback.id, { evidence: { uncategorized_text: "losing_evidence" } });
    await emulatorPost(`/_emulator/disputes/${chargeback.id}/status`, { status: "appeal_needs_response" });
    await pay.stripe.disputes.update(chargeback.id, { evidence: { uncategorized_text: "winning_evidence" } });
    await pay.stripe.disputes.update(warning.id, { evidence: { uncategorized_text: "winning_evidence" } });
    await pay.settle();

    const problems: string[] = [];
    // Responses, as the store reads them (expanded the way it expands them).
    for (const o of [order, pending, failing, disputed, inquiry]) {
      const session = await pay.stripe.checkout.sessions.retrieve(o.checkoutSessionId!);
      problems.push(...check(session));
      // The shipping rate and the tax rates on the lines (US sales tax) are the SDK's objects too.
      problems.push(...check(await pay.stripe.shippingRates.retrieve(session.shipping_cost!.shipping_rate as string)));
      for (const line of (await pay.stripe.checkout.sessions.listLineItems(session.id)).data)
        for (const tax of line.taxes ?? []) problems.push(...check(tax.rate));
      // The store's reading of each enum: an authorized (manual-capture) session is complete and paid.
      expect([
        sessionState(session.status as StripeSessionStatus),
        sessionPaid(session.payment_status as StripeSessionPaymentStatus),
      ]).toEqual(["complete", true]);
      const pi = await pay.stripe.paymentIntents.retrieve(o.paymentIntentId!, {
        expand: ["payment_method", "latest_charge"],
      });
      problems.push(...check({ ...pi, payment_method: null, latest_charge: null }));
      problems.push(...check(pi.payment_method as Stripe.PaymentMethod), ...check(pi.latest_charge as Stripe.Charge));
      expect(chargeSucceeded((pi.latest_charge as Stripe.Charge).status as StripeChargeStatus)).toBe(true);
    }
    for (const row of await t.db.refund.findMany({ where: { stripeRefundId: { not: null } } }))
      problems.push(...check(await pay.stripe.refunds.retrieve(row.stripeRefundId!)));
    for (const row of await t.db.dispute.findMany())
      problems.push(...check(await pay.stripe.disputes.retrieve(row.id)));
    const warnings = (await pay.stripe.radar.earlyFraudWarnings.list({ limit: 10 })).data;
    expect(warnings).toHaveLength(1);
    for (const w of warnings) problems.push(...check(await pay.stripe.radar.earlyFraudWarnings.retrieve(w.id)));

    // Webhooks: the envelope and the object of every event the emulator sent.
    const events = (await pay.stripe.events.list({ limit: 100 })).data;
    const types = new Set(events.map((e) => e.type));
    for (const event of events) {
      const { type: _type, data: _data, ...envelope } = event;
      problems.push(...report(validate(schemas.event!, envelope)).map((p) => `${event.type} envelope: ${p}`));
      problems.push(...check(event.data.object).map((p) => `${event.type}: ${p}`));
    }
    expect(problems).toEqual([]);
    // The run reached every status this test is about.
    const statuses = (type: string) =>
      new Set(events.filter((e) => e.type === type).map((e) => (e.data.object as { status?: string }).status));
    expect([...statuses("refund.updated")].sort()).toEqual(["failed", "succeeded"]);
    expect([...statuses("charge.dispute.updated")].sort()).toEqual(
      [
        "appeal_needs_response",
        "appeal_under_review",
        "lost",
        "under_review",
        "warning_closed",
        "warning_under_review",
        "won",
      ].sort(),
    );
    for (const type of [
      "checkout.session.completed",
      "payment_intent.payment_failed",
      "refund.created",
      "refund.failed",
      "charge.refunded",
      "charge.dispute.created",
      "charge.dispute.closed",
      "radar.early_fraud_warning.created",
    ])
      expect(types).toContain(type);
  });

  it("fails when an emulator object lacks a required field, has a mistyped one or an unknown one", async () => {
    const dispute = await pay.stripe.disputes.retrieve((await t.db.dispute.findFirstOrThrow()).id);
    expect(check(dispute)).toEqual([]);
    const { evidence: _evidence, ...withoutEvidence } = dispute;
    expect(check(withoutEvidence)).toEqual(["missing $.evidence: required by the SDK's type"]);
    const { balance_transactions: _bt, ...withoutTransactions } = dispute;
    expect(check(withoutTransactions)).toEqual(["missing $.balance_transactions: required by the SDK's type"]);
    expect(check({ ...dispute, status: "escalated" })).toEqual([
      expect.stringMatching(/^mistyped \$\.status: "escalated" is not one of/),
    ]);
    expect(check({ ...dispute, amount: "1000" })).toEqual(["mistyped $.amount: expected number, got string"]);
    expect(check({ ...dispute, colour: "red" })).toEqual(["unknown $.colour: not declared by the SDK's type"]);

    const session = await pay.stripe.checkout.sessions.retrieve(
      (await t.db.order.findFirstOrThrow({ where: { checkoutSessionId: { not: null } } })).checkoutSessionId!,
    );
    const { total_details: _td, ...withoutTotals } = session;
    expect(check(withoutTotals)).toEqual(["missing $.total_details: required by the SDK's type"]);
    expect(check({ ...session, customer_details: { ...session.customer_details, email: 42 } })).toHaveLength(1);
  });
});
