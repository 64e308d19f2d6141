import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REFUND_SETTLE_SECONDS } from "@/emulator/refunds";
import {
  API_KEY,
  payNewSession,
  startTestEmulator,
  startWebhookReceiver,
  WEBHOOK_SECRET,
  type TestEmulator,
  type WebhookReceiver,
} from "./helpers";

// The dispute and refund lifecycles the emulator runs as Stripe's test mode does
// (docs/stripe-emulator.md): moves it refuses, evidence it refuses, refunds the clock settles.

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

const post = async (path: string, form: Record<string, string>) => {
  const response = await fetch(`${t.emulator.url}${path}`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${API_KEY}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      error?: { message: string; param?: string };
    } & Record<string, unknown>,
  };
};

async function capturedCharge(card: string): Promise<Stripe.Charge> {
  const { sessionId } = await payNewSession(t.stripe, card, {
    payment_intent_data: { capture_method: "automatic" },
  });
  const session = await t.stripe.checkout.sessions.retrieve(sessionId, {
    expand: ["payment_intent.latest_charge"],
  });
  return (session.payment_intent as Stripe.PaymentIntent).latest_charge as Stripe.Charge;
}

describe("emulator lifecycles", () => {
  it("refuses a dispute move Stripe's lifecycle does not allow, naming the allowed ones; a closed dispute stays closed", async () => {
    const charge = await capturedCharge("4242424242424242");
    const opened = await post(`/_emulator/charges/${charge.id}/dispute`, {
      reason: "general",
    });
    const id = String(opened.body.id);
    const refused = await post(`/_emulator/disputes/${id}/status`, {
      status: "appeal_needs_response",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.message).toMatch(
      /cannot go from needs_response to appeal_needs_response \(it may go to under_review, won, lost, prevented\)/,
    );
    expect((await post(`/_emulator/disputes/${id}/status`, { status: "won" })).status).toBe(200);
    expect((await post(`/_emulator/disputes/${id}/status`, { status: "lost" })).body.error?.message).toMatch(
      /it is closed/,
    );
  });

  it("refuses evidence fields Stripe does not have, and evidence on a closed dispute", async () => {
    const charge = await capturedCharge("4000000000002685");
    const events = await t.stripe.events.list({
      type: "charge.dispute.created",
      limit: 100,
    });
    const created = events.data.map((e) => e.data.object as Stripe.Dispute).find((d) => d.charge === charge.id)!;
    expect(created.reason).toBe("product_not_received");
    await expect(
      t.stripe.disputes.update(created.id, {
        evidence: { colour: "red" } as Stripe.DisputeUpdateParams.Evidence,
      }),
    ).rejects.toThrow(/evidence\[colour\]/);
    const lost = await t.stripe.disputes.close(created.id);
    expect(lost.status).toBe("lost");
    await expect(
      t.stripe.disputes.update(created.id, {
        evidence: { uncategorized_text: "winning_evidence" },
      }),
    ).rejects.toThrow(/can no longer be submitted/);
  });

  it("a pending test-card refund settles when the test clock passes its delay, with refund.updated", async () => {
    const charge = await capturedCharge("4000000000007726");
    const refund = await t.stripe.refunds.create({
      charge: charge.id,
      amount: 100,
    });
    expect(refund.status).toBe("pending");
    expect(
      (
        await post("/_emulator/clock/advance", {
          seconds: String(REFUND_SETTLE_SECONDS),
        })
      ).status,
    ).toBe(200);
    expect((await t.stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
    await t.emulator.webhooks.idle();
    const updated = receiver.received
      .map((w) => JSON.parse(w.body) as Stripe.Event)
      .filter((e) => e.type === "refund.updated" && e.data.object.id === refund.id);
    expect(updated.map((e) => [(e.data.object as Stripe.Refund).status, e.data.previous_attributes])).toEqual([
      ["succeeded", { status: "pending" }],
    ]);
    expect((await post(`/_emulator/refunds/${refund.id}/settle`, {})).status).toBe(400);
  });
});
