import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  payNewSession,
  sessionParams,
  startTestEmulator,
  submitPaymentForm,
  validCard,
  type TestEmulator,
} from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

async function authorizedIntent(card = "4242424242424242"): Promise<Stripe.PaymentIntent> {
  const { sessionId, page } = await payNewSession(t.stripe, card);
  expect(page.status).toBe(303);
  const session = await t.stripe.checkout.sessions.retrieve(sessionId);
  return t.stripe.paymentIntents.retrieve(session.payment_intent as string);
}

describe("payment intents", () => {
  it("captures an authorization in full", async () => {
    const intent = await authorizedIntent();
    const captured = await t.stripe.paymentIntents.capture(intent.id);
    expect(captured).toMatchObject({
      status: "succeeded",
      amount_received: 3000,
      amount_capturable: 0,
    });
    const charge = await t.stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({
      captured: true,
      amount_captured: 3000,
      amount_refunded: 0,
      refunded: false,
    });
    const events = await t.stripe.events.list({ limit: 100 });
    const mine = events.data.filter(
      (e) => (e.data.object as { id: string }).id === intent.id || (e.data.object as { id: string }).id === charge.id,
    );
    expect(mine.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "payment_intent.succeeded",
        "charge.captured",
        "payment_intent.amount_capturable_updated",
      ]),
    );
  });

  it("captures part of an authorization and releases the rest", async () => {
    const intent = await authorizedIntent();
    const captured = await t.stripe.paymentIntents.capture(intent.id, {
      amount_to_capture: 1800,
    });
    expect(captured.amount_received).toBe(1800);
    const charge = await t.stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({
      amount_captured: 1800,
      amount_refunded: 1200,
    });
  });

  it("refuses to capture more than authorized, or twice", async () => {
    const intent = await authorizedIntent();
    const tooMuch = await t.stripe.paymentIntents
      .capture(intent.id, { amount_to_capture: 3001 })
      .catch((e: unknown) => e);
    expect(tooMuch).toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      param: "amount_to_capture",
    });
    await t.stripe.paymentIntents.capture(intent.id);
    const twice = await t.stripe.paymentIntents.capture(intent.id).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(twice).toMatchObject({ code: "payment_intent_unexpected_state" });
  });

  it("cancels an authorization, releasing it, and then refuses to capture", async () => {
    const intent = await authorizedIntent();
    const canceled = await t.stripe.paymentIntents.cancel(intent.id, {
      cancellation_reason: "requested_by_customer",
    });
    expect(canceled).toMatchObject({
      status: "canceled",
      cancellation_reason: "requested_by_customer",
      amount_capturable: 0,
    });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    const charge = await t.stripe.charges.retrieve(canceled.latest_charge as string);
    expect(charge).toMatchObject({
      captured: false,
      refunded: true,
      amount_refunded: 3000,
    });
    const capture = await t.stripe.paymentIntents.capture(intent.id).catch((e: unknown) => e);
    expect(capture).toMatchObject({ code: "payment_intent_unexpected_state" });
  });

  it("refuses to cancel a succeeded PaymentIntent", async () => {
    const intent = await authorizedIntent();
    await t.stripe.paymentIntents.capture(intent.id);
    const error = await t.stripe.paymentIntents.cancel(intent.id).catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
    });
  });

  it("cancels an authorization once the clock passes capture_before, so a late capture fails", async () => {
    const intent = await authorizedIntent();
    const charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    const deadline = charge.payment_method_details?.card?.capture_before ?? 0;
    t.emulator.clock.advance(deadline - t.emulator.clock.now() - 60);
    expect((await t.stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_capture");

    t.emulator.clock.advance(120);
    const late = await t.stripe.paymentIntents.capture(intent.id).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(late).toMatchObject({ code: "payment_intent_unexpected_state" });
    expect((late as Error).message).toContain("status of canceled");
    const after = await t.stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({
      status: "canceled",
      cancellation_reason: "automatic",
    });
  });

  it("advances the clock through the HTTP test endpoint too", async () => {
    const before = t.emulator.clock.now();
    const response = await fetch(`${t.emulator.url}/_emulator/clock/advance`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${API_KEY}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "seconds=3600",
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { now: number };
    const after = t.emulator.clock.now();
    // Real time keeps flowing under the offset, so the answer lies between the two readings.
    expect(body.now - before).toBeGreaterThanOrEqual(3600);
    expect(after).toBeGreaterThanOrEqual(body.now);
    expect(after - before).toBeLessThan(3600 + 60);
  });
});

describe("payment intents of checkout sessions", () => {
  it("cannot be canceled while the session is open; expiring the session cancels it", async () => {
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    const declined = await submitPaymentForm(session.url ?? "", validCard("4000000000000002"));
    expect(declined.status).toBe(402);
    const intentId = (await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;

    const cancel = await t.stripe.paymentIntents.cancel(intentId).catch((e: unknown) => e);
    expect(cancel).toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
    });

    await t.stripe.checkout.sessions.expire(session.id);
    expect(await t.stripe.paymentIntents.retrieve(intentId)).toMatchObject({
      status: "canceled",
      cancellation_reason: "abandoned",
    });
  });
});
