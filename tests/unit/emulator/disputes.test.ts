import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY,
  payNewSession,
  startTestEmulator,
  startWebhookReceiver,
  typesOf,
  WEBHOOK_SECRET,
  type TestEmulator,
  type WebhookReceiver,
} from "./helpers";

let t: TestEmulator;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  t = await startTestEmulator({
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
  });
});
afterAll(async () => {
  await t.close();
  await receiver.close();
});

const testEndpoint = async (path: string, body: string) => {
  const response = await fetch(`${t.emulator.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${API_KEY}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
};

const eventsFor = (objectId: string) =>
  receiver.received
    .map((w) => JSON.parse(w.body) as Stripe.Event)
    .filter((e) => (e.data.object as { id: string }).id === objectId);

describe("disputes", () => {
  it("the 0259 card pays normally, then is disputed when captured", async () => {
    const { sessionId, page } = await payNewSession(t.stripe, "4000000000000259");
    expect(page.status).toBe(303);
    const session = await t.stripe.checkout.sessions.retrieve(sessionId);
    const intent = await t.stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(intent.status).toBe("requires_capture");
    expect((await t.stripe.charges.retrieve(intent.latest_charge as string)).disputed).toBe(false);

    await t.stripe.paymentIntents.capture(intent.id);
    await t.emulator.webhooks.idle();
    const charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.disputed).toBe(true);
    const created = receiver.received
      .map((w) => JSON.parse(w.body) as Stripe.Event)
      .find((e) => e.type === "charge.dispute.created" && e.data.object.charge === charge.id);
    const dispute = created?.data.object as Stripe.Dispute;
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute).toMatchObject({
      object: "dispute",
      reason: "fraudulent",
      status: "needs_response",
      amount: 3000,
      payment_intent: intent.id,
    });
    expect(dispute.evidence_details.due_by).toBeGreaterThan(t.emulator.clock.now());

    // A disputed charge cannot also be refunded.
    const refund = await t.stripe.refunds.create({ payment_intent: intent.id }).catch((e: unknown) => e);
    expect(refund).toMatchObject({ code: "charge_disputed" });

    const closed = await testEndpoint(`/_emulator/disputes/${dispute.id}/close`, "status=won");
    expect(closed).toMatchObject({
      status: 200,
      body: { id: dispute.id, status: "won" },
    });
    await t.emulator.webhooks.idle();
    expect(eventsFor(dispute.id).map((e) => e.type)).toEqual([
      "charge.dispute.created",
      "charge.dispute.updated",
      "charge.dispute.closed",
    ]);
    expect((await t.stripe.disputes.retrieve(dispute.id)).status).toBe("won");

    const twice = await testEndpoint(`/_emulator/disputes/${dispute.id}/close`, "status=lost");
    expect(twice.status).toBe(400);
  });

  it("automatic capture with the 0259 card opens the dispute right away", async () => {
    const { sessionId } = await payNewSession(t.stripe, "4000000000000259", {
      payment_intent_data: { capture_method: "automatic" },
    });
    const session = await t.stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent.latest_charge"],
    });
    const charge = (session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
    expect(charge.disputed).toBe(true);
  });

  it("opens a dispute on any captured charge through the test endpoint and closes it as lost", async () => {
    const { sessionId } = await payNewSession(t.stripe, "5555555555554444", {
      payment_intent_data: { capture_method: "automatic" },
    });
    const session = await t.stripe.checkout.sessions.retrieve(sessionId);
    const intent = await t.stripe.paymentIntents.retrieve(session.payment_intent as string);
    const opened = await testEndpoint(
      `/_emulator/charges/${intent.latest_charge as string}/dispute`,
      "reason=product_not_received",
    );
    expect(opened).toMatchObject({
      status: 200,
      body: {
        object: "dispute",
        reason: "product_not_received",
        status: "needs_response",
      },
    });
    const closed = await testEndpoint(`/_emulator/disputes/${opened.body.id as string}/close`, "status=lost");
    expect(closed.body.status).toBe("lost");
    await t.emulator.webhooks.idle();
    expect(typesOf(receiver.received)).toEqual(
      expect.arrayContaining(["charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"]),
    );
  });

  it("refuses to dispute an uncaptured charge", async () => {
    const { sessionId } = await payNewSession(t.stripe, "4242424242424242");
    const session = await t.stripe.checkout.sessions.retrieve(sessionId);
    const intent = await t.stripe.paymentIntents.retrieve(session.payment_intent as string);
    const opened = await testEndpoint(`/_emulator/charges/${intent.latest_charge as string}/dispute`, "");
    expect(opened.status).toBe(400);
  });
});
