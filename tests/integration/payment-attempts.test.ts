// Every payment attempt the provider reports is history: declines, failures, authorizations and
// cancellations, each recorded once against its order whatever the order or repetition of the
// webhook deliveries. Real emulator, real SDK, real SQLite file and PostgreSQL.
import { describe, expect, it } from "vitest";
import { orderForReview } from "@/lib/admin/order-detail";
import type { Actor } from "@/lib/auth/authorize";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { receiveStripeWebhook } from "@/lib/payments/webhook-endpoint";
import { TEST_CARDS } from "../support/cards";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import {
  payOnHostedPage,
  recordingEvents,
  startPayments,
  shopperCard,
  uniqueCard,
  uniqueEmail,
  WEBHOOK_SECRET,
} from "../support/payments";

const address = { name: "Grace Hopper", line1: "2 Compiler Rd", city: "Arlington", postalCode: "22201", country: "US" };
const CLIENT_IP = "203.0.113.7";

describe.each(providers())("payment attempts on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      // The account's email is the mailbox the first test checks out with (normalized), as a
      // signed-in shopper's would be.
      const user = await db.user.create({
        data: { email: "grace.hopper@gmail.com", name: "Grace Hopper", passwordHash: "x" },
      });
      // Events are captured, not applied: each test delivers them in the order it wants.
      return { pay: await startPayments(db, { process: false }), userId: user.id };
    },
    ({ pay }) => pay.close(),
  );

  async function checkout(email = uniqueEmail("grace"), userId: string | null = t.userId) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "usb-c-charger" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    const started = await startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: token, userId, ip: CLIENT_IP, ipCountry: "US", appUrl: "http://shop.test" },
      { ...address, email },
    );
    const from = t.pay.captured.length;
    return {
      ...started,
      pay: (number: string) => payOnHostedPage(started.redirectUrl, shopperCard(address, number)),
      /** The events sent since checkout started, once the emulator has sent them all. */
      bodies: async () => {
        await t.pay.settle();
        return t.pay.captured.slice(from);
      },
    };
  }
  const deliver = (body: string) =>
    receiveStripeWebhook(
      { db: t.db, stripe: t.pay.stripe, secret: WEBHOOK_SECRET, events: recordingEvents() },
      { body, signature: t.pay.stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET }) },
    );
  const deliverAll = async (bodies: string[]) => {
    for (const body of bodies) expect((await deliver(body)).status).toBe(200);
  };
  const attemptsOf = (orderId: string) =>
    t.db.paymentAttempt.findMany({ where: { orderId }, orderBy: [{ attemptedAt: "asc" }, { outcome: "desc" }] });
  const typeOf = (body: string) => (JSON.parse(body) as { type: string }).type;

  it("records a decline and then a success with another card on the same order", async () => {
    const order = await checkout("Grace.Hopper+shop@GoogleMail.com");
    expect((await order.pay(TEST_CARDS.genericDecline)).status).toBe(402);
    const card = uniqueCard();
    expect((await order.pay(card)).status).toBe(303);
    await deliverAll(await order.bodies());

    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("PAID");
    const attempts = await attemptsOf(order.orderId);
    expect(attempts.map((a) => [a.outcome, a.cardLast4])).toEqual([
      ["DECLINED", "0002"],
      ["AUTHORIZED", card.slice(-4)],
    ]);
    const [declined, authorized] = attempts;
    expect(declined).toMatchObject({
      errorCode: "card_declined",
      declineCode: "generic_decline",
      cardBrand: "visa",
      cardCountry: "US",
      cvcCheck: "pass",
      addressLine1Check: "pass",
      postalCodeCheck: "pass",
      userId: t.userId,
      emailNormalized: "gracehopper@gmail.com",
      ip: CLIENT_IP,
    });
    expect(declined?.chargeId).toMatch(/^ch_/);
    expect(declined?.cardFingerprint).toMatch(/^[\w-]{16}$/);
    // One PaymentIntent, two cards.
    expect(authorized?.paymentIntentId).toBe(declined?.paymentIntentId);
    expect(authorized?.cardFingerprint).not.toBe(declined?.cardFingerprint);
    expect(authorized).toMatchObject({ errorCode: null, declineCode: null, threeDSecure: null, ip: CLIENT_IP });
    // Nothing resembling a card number is stored.
    expect(JSON.stringify(attempts)).not.toContain(TEST_CARDS.genericDecline);
    expect(JSON.stringify(attempts)).not.toContain(card);
  });

  it("records each attempt once when events arrive twice and in reverse order", async () => {
    const order = await checkout();
    expect((await order.pay(TEST_CARDS.insufficientFunds)).status).toBe(402);
    expect((await order.pay(TEST_CARDS.incorrectCvc)).status).toBe(402);
    expect((await order.pay(TEST_CARDS.processingError)).status).toBe(402);
    expect((await order.pay(TEST_CARDS.issuedInGermany)).status).toBe(303);
    const bodies = await order.bodies();
    await deliverAll([...bodies].reverse());
    const first = await attemptsOf(order.orderId);
    await deliverAll(bodies);
    await deliverAll([...bodies].reverse());
    expect(await attemptsOf(order.orderId)).toEqual(first);
    // Both declines happened within the same second: compare them by card.
    const byCard = new Map(first.map((a) => [a.cardLast4, a]));
    expect(first).toHaveLength(4);
    expect(byCard.get("9995")).toMatchObject({
      outcome: "DECLINED",
      declineCode: "insufficient_funds",
      errorCode: "card_declined",
      cvcCheck: "pass",
    });
    expect(byCard.get("0127")).toMatchObject({
      outcome: "DECLINED",
      declineCode: "incorrect_cvc",
      errorCode: "incorrect_cvc",
      cvcCheck: "fail",
    });
    // A processing error says nothing about the card: a failure, not a decline.
    expect(byCard.get("0119")).toMatchObject({ outcome: "FAILED", errorCode: "processing_error" });
    expect(byCard.get("0016")).toMatchObject({ outcome: "AUTHORIZED", cardCountry: "DE" });
    // A German card with an American billing address, after two declines and a failure: held.
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).toBe("HELD");
  });

  it("reads the refused cards from the provider when their events have not arrived, so the rules count them", async () => {
    const order = await checkout(uniqueEmail("grace"), null);
    for (const number of [TEST_CARDS.lostCard, TEST_CARDS.stolenCard, TEST_CARDS.expiredCard])
      expect((await order.pay(number)).status).toBe(402);
    expect((await order.pay(uniqueCard())).status).toBe(303);
    // Only the authorization is delivered: the three payment_failed events are late (or lost).
    const completed = (await order.bodies()).filter((b) => typeOf(b) === "checkout.session.completed");
    expect(completed).toHaveLength(1);
    await deliverAll(completed);
    expect((await attemptsOf(order.orderId)).map((a) => [a.outcome, a.declineCode])).toEqual(
      expect.arrayContaining([
        ["DECLINED", "lost_card"],
        ["DECLINED", "stolen_card"],
        ["DECLINED", "expired_card"],
        ["AUTHORIZED", null],
      ]),
    );
    const held = await t.db.order.findUniqueOrThrow({ where: { id: order.orderId }, include: { fraudChecks: true } });
    expect(held.status).toBe("HELD");
    expect(held.fraudChecks.map((c) => c.rule)).toContain("declines-before-success");
    // The late events then change nothing: each decline is already recorded under its charge.
    await deliverAll((await order.bodies()).filter((b) => typeOf(b) === "payment_intent.payment_failed"));
    expect(await attemptsOf(order.orderId)).toHaveLength(4);
  });

  it("records a decline once when the same delivery races itself", async () => {
    const order = await checkout();
    expect((await order.pay(TEST_CARDS.lostCard)).status).toBe(402);
    const failed = (await order.bodies()).filter((b) => typeOf(b) === "payment_intent.payment_failed");
    expect(failed).toHaveLength(1);
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(failed[0]!)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await attemptsOf(order.orderId)).map((a) => [a.outcome, a.declineCode])).toEqual([
      ["DECLINED", "lost_card"],
    ]);
  });

  it("keeps the declined cards of a checkout abandoned after a decline", async () => {
    const order = await checkout();
    expect((await order.pay(TEST_CARDS.stolenCard)).status).toBe(402);
    const { checkoutSessionId } = await t.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    await t.pay.stripe.checkout.sessions.expire(checkoutSessionId!);
    const bodies = await order.bodies();
    expect(bodies.map(typeOf)).toEqual(
      expect.arrayContaining(["payment_intent.payment_failed", "payment_intent.canceled", "checkout.session.expired"]),
    );
    await deliverAll(bodies);

    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.orderId } })).status).not.toBe("PENDING_PAYMENT");
    const attempts = await attemptsOf(order.orderId);
    expect(attempts.map((a) => [a.outcome, a.declineCode, a.cardLast4])).toEqual([
      ["DECLINED", "stolen_card", "9979"],
      // The cancellation of the PaymentIntent itself: no card was ever authorized.
      ["CANCELED", null, null],
    ]);
    expect(attempts[1]?.attemptKey).toBe(attempts[1]?.paymentIntentId);
  });

  it.each([
    ["authorization first", false],
    ["cancellation first", true],
  ])("a canceled authorization ends CANCELED with its card facts (%s)", async (_name, cancellationFirst) => {
    const order = await checkout();
    const card = uniqueCard();
    expect((await order.pay(card)).status).toBe(303);
    const authorizedBodies = await order.bodies();
    const { paymentIntentId } = (await t.db.paymentAttempt.findFirst({ where: { orderId: order.orderId } })) ?? {
      paymentIntentId: null,
    };
    expect(paymentIntentId).toBeNull();
    const intentId = (
      JSON.parse(authorizedBodies.find((b) => typeOf(b) === "payment_intent.amount_capturable_updated")!) as {
        data: { object: { id: string } };
      }
    ).data.object.id;
    const from = t.pay.captured.length;
    await t.pay.stripe.paymentIntents.cancel(intentId);
    await t.pay.settle();
    const canceledBodies = t.pay.captured.slice(from);
    expect(canceledBodies.map(typeOf)).toEqual(["payment_intent.canceled"]);

    await deliverAll(
      cancellationFirst ? [...canceledBodies, ...authorizedBodies] : [...authorizedBodies, ...canceledBodies],
    );
    const attempts = await attemptsOf(order.orderId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      outcome: "CANCELED",
      cardLast4: card.slice(-4),
      cardBrand: "visa",
      paymentIntentId: intentId,
    });
    expect(attempts[0]?.chargeId).toMatch(/^ch_/);
    expect(attempts[0]?.attemptKey).toBe(attempts[0]?.chargeId);
  });

  it("the review page lists the order's attempts and the related ones by account, email and card", async () => {
    const reviewer: Actor = {
      id: "r",
      email: "r@example.org",
      name: "R",
      role: "REVIEWER",
      sessionId: "s",
      twoFactorEnabled: true,
      authMethod: "TOTP",
      passkeyRequired: false,
    };
    const alice = await t.db.user.create({
      data: { email: uniqueEmail("alice"), name: "Alice Martin", passwordHash: "x" },
    });
    const card = uniqueCard();
    const from = t.pay.captured.length;

    // Earlier: the same account declined and gave up; the same email (spelled differently) as a
    // guest; someone else with the card used later; and an unrelated shopper.
    const abandoned = await checkout(uniqueEmail("alice-old"), alice.id);
    expect((await abandoned.pay(TEST_CARDS.genericDecline)).status).toBe(402);
    const email = uniqueEmail("alice");
    const guest = await checkout(email.replace("@", "+guest@").toUpperCase(), null);
    expect((await guest.pay(TEST_CARDS.lostCard)).status).toBe(402);
    const sameCard = await checkout(uniqueEmail("mallory"), null);
    expect((await sameCard.pay(TEST_CARDS.stolenCard)).status).toBe(402);
    expect((await sameCard.pay(card)).status).toBe(303);
    const unrelated = await checkout(uniqueEmail("bob"), null);
    expect((await unrelated.pay(TEST_CARDS.expiredCard)).status).toBe(402);

    const order = await checkout(email, alice.id);
    expect((await order.pay(TEST_CARDS.insufficientFunds)).status).toBe(402);
    expect((await order.pay(card)).status).toBe(303);
    await t.pay.settle();
    await deliverAll(t.pay.captured.slice(from));

    const review = await orderForReview(t.db, reviewer, { orderId: order.orderId });
    expect(review.attempts.own.map((a) => [a.outcome, a.declineCode, a.cardLast4])).toEqual([
      ["DECLINED", "insufficient_funds", "9995"],
      ["AUTHORIZED", null, card.slice(-4)],
    ]);
    const related = new Map(review.attempts.related.map((a) => [a.orderId, a]));
    expect(related.get(abandoned.orderId)).toMatchObject({
      outcome: "DECLINED",
      declineCode: "generic_decline",
      relatedBy: ["account"],
    });
    expect(related.get(guest.orderId)).toMatchObject({
      outcome: "DECLINED",
      declineCode: "lost_card",
      relatedBy: ["email"],
    });
    // The other order's decline used another card: only its authorization shares this card.
    expect(
      review.attempts.related.filter((a) => a.orderId === sameCard.orderId).map((a) => [a.outcome, a.relatedBy]),
    ).toEqual([["AUTHORIZED", ["card"]]]);
    expect(related.has(unrelated.orderId)).toBe(false);
    expect(related.get(abandoned.orderId)?.orderReference).toBe(
      (await t.db.order.findUniqueOrThrow({ where: { id: abandoned.orderId } })).reference,
    );

    // Read as the page is: staff only.
    const customer: Actor = { ...reviewer, role: "CUSTOMER" };
    await expect(orderForReview(t.db, customer, { orderId: order.orderId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
