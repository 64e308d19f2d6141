import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { sdkSchemas, type JsonSchema } from "@/emulator/conformance/sdk-schema";
import { validate } from "@/emulator/conformance/validate";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { createStripe } from "@/lib/payments/stripe";
import {
  disputeIsClosed,
  isOneOf,
  refundOutcome,
  STRIPE_REFUND_STATUSES,
  type StripeDisputeStatus,
} from "@/lib/payments/stripe-enums";
import { freshDatabase, type TestDatabase } from "../support/databases";

// The store's payment calls against Stripe's test mode (docs/stripe-emulator.md): what the
// emulator promises, checked against the real thing. Run with STRIPE_TEST_SECRET_KEY.
// Every object Stripe returns must fit the same SDK-derived schemas the emulator is held to,
// except fields Stripe adds beyond the SDK's declarations (reported as unknown, not failed).

describe("Stripe test mode honours what the store and the emulator assume", () => {
  let t: TestDatabase;
  let stripe: Stripe;
  let schemas: Record<string, JsonSchema>;
  const problems = (name: string, value: unknown) =>
    validate(schemas[name]!, value).filter((p) => p.kind !== "unknown");

  beforeAll(async () => {
    schemas = sdkSchemas({
      session: "Stripe.Checkout.Session",
      intent: "Stripe.PaymentIntent",
      charge: "Stripe.Charge",
      refund: "Stripe.Refund",
      dispute: "Stripe.Dispute",
    });
    stripe = createStripe(process.env.STRIPE_TEST_SECRET_KEY!);
    t = await freshDatabase("sqlite");
    await seedCatalog(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("startCheckout's Checkout Session: open, unpaid, a hosted URL, the order in its metadata", async () => {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    const address = {
      name: "Grace Hopper",
      line1: "2 Compiler Rd",
      city: "Arlington",
      postalCode: "22201",
      country: "US",
      email: "contract@example.com",
    };
    const started = await startCheckout(
      t.db,
      stripe,
      { cartToken: token, userId: null, ip: null, ipCountry: null, appUrl: "https://shop.example" },
      address,
    );
    const order = await t.db.order.findUniqueOrThrow({ where: { id: started.orderId } });
    const session = await stripe.checkout.sessions.retrieve(order.checkoutSessionId!);
    expect(problems("session", session)).toEqual([]);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      client_reference_id: order.id,
      metadata: { orderId: order.id },
    });
    await stripe.checkout.sessions.expire(session.id);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
  });

  it("a manual-capture payment, its capture and a partial refund match the schemas; refund statuses are ones the store knows", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: "usd",
      payment_method: "pm_card_visa",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      capture_method: "manual",
      confirm: true,
      metadata: { orderId: "contract" },
    });
    expect(intent.status).toBe("requires_capture");
    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 2000 });
    expect(problems("intent", captured)).toEqual([]);
    const charge = await stripe.charges.retrieve(
      typeof captured.latest_charge === "string" ? captured.latest_charge : captured.latest_charge!.id,
    );
    expect(problems("charge", charge)).toEqual([]);
    const refund = await stripe.refunds.create({
      payment_intent: intent.id,
      amount: 500,
      metadata: { refundId: "contract" },
    });
    expect(problems("refund", refund)).toEqual([]);
    expect(isOneOf(STRIPE_REFUND_STATUSES, refund.status)).toBe(true);
    expect(refundOutcome(refund.status as (typeof STRIPE_REFUND_STATUSES)[number])).not.toBe("failed");
  });

  it("a disputed payment (pm_card_createDispute) opens a dispute whose status the store knows; winning evidence moves it on", async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1500,
      currency: "usd",
      payment_method: "pm_card_createDispute",
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      confirm: true,
    });
    let dispute: Stripe.Dispute | undefined;
    // Stripe opens the dispute asynchronously; poll its list (there is no event to await here).
    for (let i = 0; i < 30 && !dispute; i++) {
      dispute = (await stripe.disputes.list({ payment_intent: intent.id, limit: 1 })).data[0];
      if (!dispute) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(dispute).toBeDefined();
    expect(problems("dispute", dispute)).toEqual([]);
    expect(disputeIsClosed(dispute!.status as StripeDisputeStatus)).toBe(false);
    const updated = await stripe.disputes.update(dispute!.id, { evidence: { uncategorized_text: "winning_evidence" } });
    expect(["under_review", "won"]).toContain(updated.status);
  });
});
