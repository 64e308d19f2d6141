import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionParams, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

describe("idempotency keys", () => {
  it("replays the first response for the same key and parameters", async () => {
    const first = await t.stripe.checkout.sessions.create(sessionParams(), {
      idempotencyKey: "order-1-attempt-1",
    });
    const second = await t.stripe.checkout.sessions.create(sessionParams(), {
      idempotencyKey: "order-1-attempt-1",
    });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    const third = await t.stripe.checkout.sessions.create(sessionParams(), {
      idempotencyKey: "order-1-attempt-2",
    });
    expect(third.id).not.toBe(first.id);
  });

  it("refuses the same key with different parameters", async () => {
    await t.stripe.checkout.sessions.create(sessionParams(), {
      idempotencyKey: "order-2",
    });
    const error = await t.stripe.checkout.sessions
      .create(sessionParams({ client_reference_id: "someone-else" }), {
        idempotencyKey: "order-2",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({
      statusCode: 400,
      rawType: "idempotency_error",
    });
    expect((error as Error).message).toContain("order-2");
  });

  it("replays a state change's result without repeating the change or its event", async () => {
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: "expire-1" });
    const replay = await t.stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: "expire-1" });
    expect(replay.status).toBe("expired");
    const expiredEvents = (await t.stripe.events.list({ type: "checkout.session.expired" })).data.filter(
      (e) => (e.data.object as Stripe.Checkout.Session).id === session.id,
    );
    expect(expiredEvents).toHaveLength(1);
    expect(expiredEvents[0]?.request).toMatchObject({
      idempotency_key: "expire-1",
    });
  });
});
