import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { orderCapability } from "@/lib/orders/guest-link";
import { PAYMENT_OUTCOME_MESSAGE } from "@/lib/orders/payment-outcome";
import { orderProgressResponse, type OrderProgressDeps } from "@/lib/orders/progress";
import { createLimiterStore, createPolicies } from "@/lib/rate-limit";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

// GET /api/orders/:id/status (app/api/orders/[id]/status/route.ts is this function plus the
// cookie and the client address): the return page's poll. Only the browser holding the order's
// capability learns its status; any other id answers like one that does not exist.

const SECRET = randomBytes(48).toString("base64url");

let counter = 0;
async function order(db: Db, status = "PENDING_PAYMENT") {
  const n = ++counter;
  return db.order.create({
    data: {
      reference: `PRG${String(n).padStart(2, "0")}-${randomBytes(2).toString("hex").toUpperCase()}`,
      email: `progress${n}@example.com`,
      status,
      currency: "usd",
      subtotalCents: 1000,
      shippingCents: 500,
      totalCents: 1500,
      shippingName: "Ada Lovelace",
      shippingLine1: "1 Analytical Way",
      shippingCity: "New York",
      shippingPostal: "10001",
      shippingCountry: "US",
    },
    select: { id: true },
  });
}

describe.each(providers())("order progress endpoint on %s", (provider) => {
  const t = databaseSuite(provider);
  const deps = (): OrderProgressDeps => ({
    db: t.db,
    secret: SECRET,
    limit: createPolicies(createLimiterStore({ keyPrefix: `progress-${randomBytes(4).toString("hex")}` }))
      .orderStatusPerIp,
  });
  const ip = "203.0.113.7";

  it("tells the browser holding the capability how its payment is going, and nothing else", async () => {
    const { id } = await order(t.db);
    const d = deps();
    const ask = () => orderProgressResponse(d, { orderId: id, capability: orderCapability(SECRET, id), ip });
    const pending = await ask();
    expect(pending.status).toBe(200);
    expect(pending.headers["Cache-Control"]).toBe("no-store");
    expect(pending.body).toEqual({
      status: "PENDING_PAYMENT",
      outcome: "confirming",
      message: PAYMENT_OUTCOME_MESSAGE.confirming,
    });
    for (const [status, outcome] of [
      ["AUTHORIZING", "confirming"],
      ["HELD", "review"],
      ["PAID", "paid"],
      ["CANCELLED", "declined"],
    ] as const) {
      await t.db.order.update({ where: { id }, data: { status } });
      expect((await ask()).body).toMatchObject({ status, outcome });
    }
  });

  it("refuses another order's id with this browser's capability, exactly like an unknown id", async () => {
    const mine = await order(t.db);
    const theirs = await order(t.db, "PAID");
    const d = deps();
    const capability = orderCapability(SECRET, mine.id);
    const other = await orderProgressResponse(d, { orderId: theirs.id, capability, ip });
    const unknown = await orderProgressResponse(d, {
      orderId: "c".repeat(25),
      capability: orderCapability(SECRET, "c".repeat(25)),
      ip,
    });
    expect(other).toEqual({
      status: 404,
      body: { error: "That order could not be found." },
      headers: { "Cache-Control": "no-store" },
    });
    expect(unknown).toEqual(other);
    // No cookie, a forged one, or one signed under another secret: the same answer.
    for (const forged of [undefined, `${theirs.id}.${"A".repeat(43)}`, orderCapability("another-secret", theirs.id)]) {
      expect(await orderProgressResponse(d, { orderId: theirs.id, capability: forged, ip })).toEqual(other);
    }
  });

  it("validates the id and limits each client address", async () => {
    const { id } = await order(t.db);
    const d = deps();
    const capability = orderCapability(SECRET, id);
    const bad = await orderProgressResponse(d, { orderId: "../admin", capability, ip });
    expect(bad).toMatchObject({ status: 422, body: { error: "Unknown order." } });
    for (let i = 1; i < d.limit.points; i++)
      expect((await orderProgressResponse(d, { orderId: id, capability, ip })).status).toBe(200);
    const refused = await orderProgressResponse(d, { orderId: id, capability, ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["Retry-After"])).toBeGreaterThan(0);
    expect(refused.body).not.toHaveProperty("status");
    // Another address is counted on its own.
    expect((await orderProgressResponse(d, { orderId: id, capability, ip: "198.51.100.9" })).status).toBe(200);
  });
});
