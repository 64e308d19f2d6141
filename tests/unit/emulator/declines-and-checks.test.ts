// What Stripe reports for a declined card on the hosted page, and the card checks it runs: the
// store's attempt history reads exactly these fields, so they are checked through the official
// SDK and its types.
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

/** The payment_failed events for one PaymentIntent, oldest first, as the SDK types them. */
async function failedEventsOf(intentId: string): Promise<Stripe.PaymentIntent[]> {
  const events = await t.stripe.events.list({ type: "payment_intent.payment_failed", limit: 100 });
  return events.data
    .map((e) => e.data.object as Stripe.PaymentIntent)
    .filter((pi) => pi.id === intentId)
    .reverse();
}

const intentOf = async (sessionId: string) => {
  const session = await t.stripe.checkout.sessions.retrieve(sessionId);
  return t.stripe.paymentIntents.retrieve(session.payment_intent as string, {
    expand: ["payment_method", "latest_charge"],
  });
};

describe("declined cards (docs.stripe.com/testing#declined-payments)", () => {
  it.each([
    ["4000000000000002", "card_declined", "generic_decline", undefined, "pass"],
    ["4000000000009995", "card_declined", "insufficient_funds", undefined, "pass"],
    ["4000000000009987", "card_declined", "lost_card", undefined, "pass"],
    ["4000000000009979", "card_declined", "stolen_card", undefined, "pass"],
    ["4000000000006975", "card_declined", "card_velocity_exceeded", undefined, "pass"],
    ["4000000000000069", "expired_card", "expired_card", "exp_month", "pass"],
    ["4000000000000127", "incorrect_cvc", "incorrect_cvc", "cvc", "fail"],
    ["4000000000000101", "incorrect_cvc", "incorrect_cvc", "cvc", "fail"],
    ["4000000000000119", "processing_error", "processing_error", undefined, "pass"],
  ])(
    "%s: payment_failed carries last_payment_error %s / %s with the card tried",
    async (number, code, declineCode, param, cvcCheck) => {
      const { sessionId, page } = await payNewSession(t.stripe, number);
      expect(page.status).toBe(402);
      const intent = await intentOf(sessionId);
      expect(intent.status).toBe("requires_payment_method");
      expect(intent.payment_method).toBeNull();

      const [event] = await failedEventsOf(intent.id);
      const error: Stripe.PaymentIntent.LastPaymentError | null | undefined = event?.last_payment_error;
      expect(error).toMatchObject({ type: "card_error", code, decline_code: declineCode });
      expect(error?.param).toBe(param);
      expect(error?.doc_url).toBe(`https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}`);
      // The PaymentIntent itself says the same.
      expect(intent.last_payment_error).toMatchObject({ code, decline_code: declineCode });

      const method: Stripe.PaymentMethod | undefined = error?.payment_method;
      expect(method?.object).toBe("payment_method");
      const card: Stripe.PaymentMethod.Card | null | undefined = method?.card;
      expect(card).toMatchObject({ brand: "visa", last4: number.slice(-4), country: "US" });
      expect(card?.fingerprint).toMatch(/^[\w-]{16}$/);
      const checks: Stripe.PaymentMethod.Card.Checks | null | undefined = card?.checks;
      expect(checks).toEqual({ cvc_check: cvcCheck, address_line1_check: "pass", address_postal_code_check: "pass" });

      // The failed charge is the PaymentIntent's latest, with the same checks and no 3-D Secure.
      const charge = intent.latest_charge as Stripe.Charge;
      expect(charge.id).toBe(error?.charge);
      expect(charge).toMatchObject({ status: "failed", paid: false, captured: false, failure_code: code });
      expect(charge.outcome?.reason).toBe(declineCode);
      expect(charge.payment_method_details?.card?.checks).toEqual(checks);
      expect(charge.payment_method_details?.card?.three_d_secure).toBeNull();
      expect(JSON.stringify(event)).not.toContain(number);
    },
  );

  it("one PaymentIntent sees every card: two declines, then a success with another card", async () => {
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    for (const number of ["4000000000000002", "4000000000009995"]) {
      expect((await submitPaymentForm(session.url ?? "", validCard(number))).status).toBe(402);
    }
    expect((await submitPaymentForm(session.url ?? "", validCard("4000002760000016"))).status).toBe(303);

    const intent = await intentOf(session.id);
    expect(intent.status).toBe("requires_capture");
    expect(intent.last_payment_error).toBeNull();
    expect((intent.payment_method as Stripe.PaymentMethod).card).toMatchObject({ last4: "0016", country: "DE" });

    const failures = await failedEventsOf(intent.id);
    expect(
      failures.map((pi) => [pi.last_payment_error?.decline_code, pi.last_payment_error?.payment_method?.card?.last4]),
    ).toEqual([
      ["generic_decline", "0002"],
      ["insufficient_funds", "9995"],
    ]);
    // Each attempt is its own charge and its own PaymentMethod.
    const charges = new Set([
      ...failures.map((pi) => pi.last_payment_error?.charge),
      (intent.latest_charge as Stripe.Charge).id,
    ]);
    expect(charges.size).toBe(3);
    const methods = new Set([
      ...failures.map((pi) => pi.last_payment_error?.payment_method?.id),
      (intent.payment_method as Stripe.PaymentMethod).id,
    ]);
    expect(methods.size).toBe(3);
  });
});

describe("country cards (docs.stripe.com/testing#international-cards)", () => {
  it.each([
    ["4000002760000016", "DE"],
    ["4000008260000000", "GB"],
  ])("%s is issued in %s and succeeds", async (number, country) => {
    const { sessionId, page } = await payNewSession(t.stripe, number);
    expect(page.status).toBe(303);
    const intent = await intentOf(sessionId);
    expect((intent.payment_method as Stripe.PaymentMethod).card?.country).toBe(country);
    expect((intent.latest_charge as Stripe.Charge).payment_method_details?.card?.country).toBe(country);
  });
});

describe("card checks (docs.stripe.com/testing#fraud-prevention)", () => {
  it.each([
    ["4242424242424242", "pass", "pass"],
    ["4000000000000010", "fail", "fail"],
    ["4000000000000028", "fail", "pass"],
    ["4000000000000036", "pass", "fail"],
    ["4000000000000044", "unavailable", "unavailable"],
  ])("%s succeeds with address line %s and postal code %s", async (number, line1, postal) => {
    const { sessionId, page } = await payNewSession(t.stripe, number);
    expect(page.status).toBe(303);
    const intent = await intentOf(sessionId);
    const expected: Stripe.PaymentMethod.Card.Checks = {
      cvc_check: "pass",
      address_line1_check: line1,
      address_postal_code_check: postal,
    };
    expect((intent.payment_method as Stripe.PaymentMethod).card?.checks).toEqual(expected);
    expect((intent.latest_charge as Stripe.Charge).payment_method_details?.card?.checks).toEqual(expected);
  });

  it("reports no address check when no address was given", async () => {
    const session = await t.stripe.checkout.sessions.create(sessionParams({ billing_address_collection: "auto" }));
    const page = await submitPaymentForm(
      session.url ?? "",
      validCard("4000000000000010", { address_line1: "", address_postal_code: "" }),
    );
    expect(page.status).toBe(303);
    const intent = await intentOf(session.id);
    expect((intent.payment_method as Stripe.PaymentMethod).card?.checks).toEqual({
      cvc_check: "pass",
      address_line1_check: null,
      address_postal_code_check: null,
    });
  });
});

describe("every card tried on one PaymentIntent (GET /v1/charges?payment_intent=…)", () => {
  it("lists the failed charges and the successful one, newest first, through the SDK's auto-pagination", async () => {
    const session = await t.stripe.checkout.sessions.create(
      sessionParams({ payment_intent_data: { capture_method: "manual" } }),
    );
    for (const number of ["4000000000000002", "4000000000009995"])
      expect((await submitPaymentForm(session.url ?? "", validCard(number))).status).toBe(402);
    expect((await submitPaymentForm(session.url ?? "", validCard("4242424242424242"))).status).toBe(303);
    const intent = await intentOf(session.id);

    const charges: Stripe.Charge[] = [];
    for await (const charge of t.stripe.charges.list({ payment_intent: intent.id, limit: 1 })) charges.push(charge);
    expect(
      charges.map((c) => [c.status, c.failure_code, c.outcome?.reason ?? null, c.payment_method_details?.card?.last4]),
    ).toEqual([
      ["succeeded", null, null, "4242"],
      ["failed", "card_declined", "insufficient_funds", "9995"],
      ["failed", "card_declined", "generic_decline", "0002"],
    ]);
    expect(charges.every((c) => c.payment_intent === intent.id)).toBe(true);
    expect((await t.stripe.charges.list({ payment_intent: "pi_unknown" })).data).toEqual([]);
  });
});

describe("a session created with customer_email", () => {
  it("shows the email read-only and pays with it, whatever the form posts (as Stripe's hosted page)", async () => {
    const session = await t.stripe.checkout.sessions.create(
      sessionParams({ customer_email: "buyer@example.com", payment_intent_data: { capture_method: "manual" } }),
    );
    const form = await fetch((session.url ?? "").replace("http://localhost:", "http://127.0.0.1:"));
    expect(await form.text()).toMatch(/name="email"[^>]*readonly|readonly[^>]*name="email"/);
    expect(
      (await submitPaymentForm(session.url ?? "", validCard("4242424242424242", { email: "someone-else@example.com" })))
        .status,
    ).toBe(303);
    const intent = await intentOf(session.id);
    expect((intent.latest_charge as Stripe.Charge).billing_details.email).toBe("buyer@example.com");
  });
});
