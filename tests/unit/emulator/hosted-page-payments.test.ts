import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

const newSession = (overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  t.stripe.checkout.sessions.create(sessionParams(overrides));

describe("hosted payment page: paying", () => {
  it("a successful manual-capture payment completes the session and redirects to success_url", async () => {
    const session = await newSession();
    const page = await submitPaymentForm(session.url ?? "", validCard("4242 4242 4242 4242"));
    expect(page.status).toBe(303);
    expect(page.location).toBe(`http://shop.test/checkout/success?session_id=${session.id}`);

    const done = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.payment_method", "payment_intent.latest_charge"],
    });
    expect(done).toMatchObject({
      status: "complete",
      // Stripe reports an authorized manual-capture payment as paid; the PaymentIntent
      // (requires_capture) is what says it is not captured yet.
      payment_status: "paid",
      url: null,
    });
    expect(done.customer_details).toMatchObject({
      email: "shopper@example.com",
      name: "Ada Lovelace",
      address: { country: "GB", postal_code: "N1 9GU" },
    });
    const intent = done.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      status: "requires_capture",
      capture_method: "manual",
      amount: 3000,
      amount_capturable: 3000,
      amount_received: 0,
      metadata: { orderId: "order_123" },
    });
    const method = intent.payment_method as Stripe.PaymentMethod;
    expect(method.card).toMatchObject({
      brand: "visa",
      last4: "4242",
      exp_month: 12,
      exp_year: 2034,
      country: "US",
      funding: "credit",
    });
    expect(method.billing_details).toMatchObject({
      name: "Ada Lovelace",
      email: "shopper@example.com",
      address: { line1: "1 Analytical Way", city: "London" },
    });
    const charge = intent.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      captured: false,
      amount_captured: 0,
      status: "succeeded",
      paid: true,
      disputed: false,
      refunded: false,
    });
    expect(charge.payment_method_details?.card?.capture_before).toBe(charge.created + 7 * 24 * 3600);
    expect(charge.payment_method_details?.card?.fingerprint).toBe(method.card?.fingerprint);
  });

  it("automatic capture marks the session paid and the PaymentIntent succeeded", async () => {
    const { sessionId, page } = await payNewSession(t.stripe, "5555555555554444", {
      payment_intent_data: { capture_method: "automatic" },
    });
    expect(page.status).toBe(303);
    const session = await t.stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent.latest_charge"],
    });
    expect(session.payment_status).toBe("paid");
    const intent = session.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({
      status: "succeeded",
      amount_received: 3000,
      amount_capturable: 0,
    });
    expect(intent.latest_charge).toMatchObject({
      captured: true,
      amount_captured: 3000,
      payment_method_details: { card: { brand: "mastercard", last4: "4444" } },
    });
  });

  it.each([
    ["4000000000000002", "Your card was declined.", "card_declined", "generic_decline"],
    ["4000000000009995", "Your card has insufficient funds.", "card_declined", "insufficient_funds"],
    ["4000000000009987", "Your card was declined.", "card_declined", "lost_card"],
    ["4000000000000069", "Your card has expired.", "expired_card", "expired_card"],
    ["4000000000000127", "Your card's security code is incorrect.", "incorrect_cvc", "incorrect_cvc"],
  ])(
    "declines %s with %j, leaves the session open and records payment_failed",
    async (number, message, code, declineCode) => {
      const session = await newSession();
      const page = await submitPaymentForm(session.url ?? "", validCard(number));
      expect(page.status).toBe(402);
      expect(page.html).toMatch(
        new RegExp(`role="alert"[^>]*>.*${message.replace(/[.']/g, (c) => (c === "'" ? "&#39;" : "\\."))}`, "s"),
      );
      expect(page.html).not.toContain(number);
      expect(page.html).toContain('value="Ada Lovelace"');

      const after = await t.stripe.checkout.sessions.retrieve(session.id);
      expect(after.status).toBe("open");
      const intent = await t.stripe.paymentIntents.retrieve(after.payment_intent as string);
      expect(intent.status).toBe("requires_payment_method");
      expect(intent.last_payment_error).toMatchObject({
        type: "card_error",
        code,
        decline_code: declineCode,
        message,
      });
      const failed = await t.stripe.events.list({
        type: "payment_intent.payment_failed",
      });
      expect(failed.data.some((e) => (e.data.object as Stripe.PaymentIntent).id === intent.id)).toBe(true);

      // The shopper can try again with another card on the same session.
      const retry = await submitPaymentForm(session.url ?? "", validCard("4242424242424242"));
      expect(retry.status).toBe(303);
      expect((await t.stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_capture");
    },
  );

  it("gives the same card the same fingerprint and different cards different ones", async () => {
    const fingerprintOf = async (number: string) => {
      const { sessionId } = await payNewSession(t.stripe, number);
      const session = await t.stripe.checkout.sessions.retrieve(sessionId, {
        expand: ["payment_intent.payment_method"],
      });
      return ((session.payment_intent as Stripe.PaymentIntent).payment_method as Stripe.PaymentMethod).card
        ?.fingerprint;
    };
    const first = await fingerprintOf("4242424242424242");
    const second = await fingerprintOf("4242 4242 4242 4242");
    const other = await fingerprintOf("4000056655665556");
    expect(first).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it.each([
    ["4000000760000002", "BR"],
    ["4000001240000000", "CA"],
    ["4000008260000000", "GB"],
    ["4000002760000016", "DE"],
    ["378282246310005", "US"],
  ])("card %s reports issuing country %s", async (number, country) => {
    const { sessionId, page } = await payNewSession(t.stripe, number);
    expect(page.status).toBe(303);
    const session = await t.stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent.payment_method"],
    });
    const card = ((session.payment_intent as Stripe.PaymentIntent).payment_method as Stripe.PaymentMethod).card;
    expect(card?.country).toBe(country);
    expect(card?.last4).toBe(number.slice(-4));
  });
});
