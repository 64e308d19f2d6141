import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payNewSession, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

async function intentOf(captureMethod: "manual" | "automatic"): Promise<Stripe.PaymentIntent> {
  const { sessionId } = await payNewSession(t.stripe, "4242424242424242", {
    payment_intent_data: { capture_method: captureMethod },
  });
  const session = await t.stripe.checkout.sessions.retrieve(sessionId);
  return t.stripe.paymentIntents.retrieve(session.payment_intent as string);
}

describe("refunds", () => {
  it("refunds part, then the rest, then refuses more", async () => {
    const intent = await intentOf("automatic");
    const partial = await t.stripe.refunds.create({
      payment_intent: intent.id,
      amount: 1000,
      reason: "requested_by_customer",
      metadata: { note: "damaged" },
    });
    expect(partial).toMatchObject({
      object: "refund",
      amount: 1000,
      status: "succeeded",
      payment_intent: intent.id,
      reason: "requested_by_customer",
      metadata: { note: "damaged" },
    });
    expect(partial.id).toMatch(/^re_/);
    let charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: false });

    const tooLarge = await t.stripe.refunds
      .create({ payment_intent: intent.id, amount: 2001 })
      .catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooLarge).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "amount_too_large",
      param: "amount",
    });

    const rest = await t.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(2000);
    charge = await t.stripe.charges.retrieve(charge.id);
    expect(charge).toMatchObject({ amount_refunded: 3000, refunded: true });

    const again = await t.stripe.refunds.create({ payment_intent: intent.id, amount: 1 }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: "charge_already_refunded" });
    expect((await t.stripe.refunds.retrieve(partial.id)).amount).toBe(1000);
  });

  it("refuses to refund an uncaptured PaymentIntent", async () => {
    const intent = await intentOf("manual");
    const error = await t.stripe.refunds.create({ payment_intent: intent.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "charge_not_refundable",
    });
    const charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.amount_refunded).toBe(0);
  });

  it("limits refunds after a partial capture to the captured amount", async () => {
    const intent = await intentOf("manual");
    await t.stripe.paymentIntents.capture(intent.id, {
      amount_to_capture: 1000,
    });
    const tooLarge = await t.stripe.refunds
      .create({ payment_intent: intent.id, amount: 1001 })
      .catch((e: unknown) => e);
    expect(tooLarge).toMatchObject({ code: "amount_too_large" });
    const full = await t.stripe.refunds.create({ payment_intent: intent.id });
    expect(full.amount).toBe(1000);
  });

  it("emits refund.created and charge.refunded, and refund.updated on a metadata change", async () => {
    const intent = await intentOf("automatic");
    const refund = await t.stripe.refunds.create({
      payment_intent: intent.id,
      amount: 500,
    });
    const updated = await t.stripe.refunds.update(refund.id, {
      metadata: { ticket: "42" },
    });
    expect(updated.metadata).toEqual({ ticket: "42" });
    const events = await t.stripe.events.list({ limit: 20 });
    const created = events.data.find((e) => e.type === "refund.created" && e.data.object.id === refund.id);
    const refunded = events.data.find((e) => e.type === "charge.refunded" && e.data.object.id === intent.latest_charge);
    const changed = events.data.find((e) => e.type === "refund.updated" && e.data.object.id === refund.id);
    expect(created).toBeDefined();
    expect((refunded?.data.object as Stripe.Charge).amount_refunded).toBe(500);
    expect((changed?.data.object as Stripe.Refund).metadata).toEqual({
      ticket: "42",
    });
  });

  it("answers 404 for an unknown PaymentIntent", async () => {
    const error = await t.stripe.refunds.create({ payment_intent: "pi_missing" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing" });
  });
});
