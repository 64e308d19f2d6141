import { describe, expect, it } from "vitest";

import type { OrderFacts } from "@/lib/fraud/types";

import { AT, attempt, before, makeFacts, runRule } from "./facts";

// Other orders on the same card by the same customer, so only the order count matters.
const mine = (orderId: string, createdAt: Date) => ({
  orderId,
  userId: "user_1",
  email: "john@example.com",
  createdAt,
});
const run = (cardOrders: OrderFacts["history"]["cardOrders"], thresholds = {}) =>
  runRule("card-many-orders", makeFacts({ history: { cardOrders } }), thresholds);

describe("card-many-orders: orders per card", () => {
  it("fires at N orders counting this one, not at N-1", () => {
    expect(run([mine("o1", before(1))])).toBeNull();
    const hit = run([mine("o1", before(1)), mine("o2", before(2))]);
    expect(hit?.evidence).toMatchObject({
      reasons: ["many-orders"],
      ordersInWindow: 3,
      minOrders: 3,
      windowHours: 24,
      orderIdsInWindow: ["o1", "o2"],
      otherBuyers: 0,
    });
    expect(hit?.message).toBe("The Visa card ending 4242 was used on 3 orders within 24 h (threshold 3).");
  });

  it("includes an order exactly at the window edge and one ms inside, excludes one ms outside", () => {
    expect(run([mine("o1", before(1)), mine("edge", before(24))])?.evidence["orderIdsInWindow"]).toEqual([
      "o1",
      "edge",
    ]);
    expect(run([mine("o1", before(1)), mine("inside", before(24, -1))])?.evidence["ordersInWindow"]).toBe(3);
    expect(run([mine("o1", before(1)), mine("outside", before(24, 1))])).toBeNull();
  });

  it("ignores orders after this one (re-evaluation) and this order itself", () => {
    const later = new Date(AT.getTime() + 1);
    expect(run([mine("o1", before(1)), mine("later", later)])).toBeNull();
    expect(run([mine("o1", before(1)), mine("order_now", AT)])).toBeNull();
    expect(run([mine("o1", before(1)), mine("o1", before(1))])).toBeNull();
    expect(run([mine("o1", before(1)), mine("o2", AT)])?.evidence["ordersInWindow"]).toBe(3);
  });

  it("honours configured N and window", () => {
    const orders = [mine("o1", before(30)), mine("o2", before(40))];
    expect(run(orders)).toBeNull();
    expect(run(orders, { windowHours: 48 })?.evidence["ordersInWindow"]).toBe(3);
    expect(run(orders, { windowHours: 48, minOrders: 4 })).toBeNull();
    expect(run([mine("o1", before(1))], { minOrders: 2 })?.evidence["ordersInWindow"]).toBe(2);
  });

  it("is not evaluated without a card fingerprint", () => {
    const facts = makeFacts({
      card: { fingerprint: null },
      history: { cardOrders: [mine("o1", before(1)), mine("o2", before(1))] },
    });
    expect(runRule("card-many-orders", facts)).toBeNull();
    expect(runRule("card-many-orders", makeFacts({ order: { card: null } }))).toBeNull();
  });
});

describe("card-many-orders: one card, several buyers", () => {
  it("fires when another account used the card within the shared-card window", () => {
    const hit = run([{ orderId: "o9", userId: "user_2", email: "mallory@example.com", createdAt: before(200) }]);
    expect(hit?.evidence).toMatchObject({
      reasons: ["shared-card"],
      ordersInWindow: 1,
      otherBuyers: 1,
      sharedCardWindowHours: 720,
    });
    expect(hit?.evidence["otherBuyerSamples"]).toEqual([
      { orderId: "o9", userId: "user_2", email: "mallory@example.com" },
    ]);
    expect(hit?.message).toBe("The Visa card ending 4242 was also used by 1 other account or email within 720 h.");
  });

  it("treats a guest order with the account's email as the same buyer, case-insensitively", () => {
    expect(run([{ orderId: "o9", userId: null, email: "JOHN@example.com ", createdAt: before(5) }])).toBeNull();
  });

  it("links buyers transitively: account ↔ email ↔ account", () => {
    // user_3 once used john's email (same person), so it is not a second buyer.
    const linked = [
      { orderId: "a", userId: "user_3", email: "john@example.com", createdAt: before(5) },
      { orderId: "b", userId: "user_3", email: "alias@example.com", createdAt: before(6) },
    ];
    expect(run(linked, { minOrders: 10 })).toBeNull();
  });

  it("counts distinct other buyers, not their orders", () => {
    const hit = run(
      [
        { orderId: "a", userId: null, email: "x@example.com", createdAt: before(100) },
        { orderId: "b", userId: null, email: "x@example.com", createdAt: before(101) },
        { orderId: "c", userId: "user_9", email: "y@example.com", createdAt: before(102) },
      ],
      { minOrders: 10 },
    );
    expect(hit?.evidence["otherBuyers"]).toBe(2);
    expect(hit?.message).toContain("2 other accounts or emails");
  });

  it("has inclusive edges on the shared-card window", () => {
    const other = (createdAt: Date) => [{ orderId: "o9", userId: "user_2", email: "m@example.com", createdAt }];
    expect(run(other(before(720)))).not.toBeNull();
    expect(run(other(before(720, -1)))).not.toBeNull();
    expect(run(other(before(720, 1)))).toBeNull();
    expect(run(other(before(48)), { sharedCardWindowHours: 24 })).toBeNull();
  });

  it("can be turned off", () => {
    expect(
      run([{ orderId: "o9", userId: "user_2", email: "m@example.com", createdAt: before(1) }], {
        flagSharedCard: false,
      }),
    ).toBeNull();
  });

  it("reports both reasons in one sentence pair", () => {
    const hit = run([
      mine("o1", before(1)),
      { orderId: "o2", userId: "user_2", email: "m@example.com", createdAt: before(2) },
    ]);
    expect(hit?.evidence["reasons"]).toEqual(["many-orders", "shared-card"]);
    expect(hit?.message).toBe(
      "The Visa card ending 4242 was used on 3 orders within 24 h (threshold 3). It was also used by 1 other account or email within 720 h.",
    );
  });
});

describe("card-many-orders: a card tried counts as much as a card that paid", () => {
  const tried = (orderId: string, patch: Partial<Parameters<typeof attempt>[0]> = {}) =>
    attempt({ orderId, fingerprint: "fp_main", links: ["account", "email", "card"], ...patch });
  const withAttempts = (
    attempts: ReturnType<typeof attempt>[],
    cardOrders: OrderFacts["history"]["cardOrders"] = [],
    thresholds = {},
  ) => runRule("card-many-orders", makeFacts({ history: { attempts, cardOrders } }), thresholds);

  it("counts orders where the card was only declined, once each, this order included", () => {
    expect(withAttempts([tried("d1")])).toBeNull();
    const hit = withAttempts([tried("d1"), tried("d1"), tried("d2"), tried("order_now")]);
    expect(hit?.evidence).toMatchObject({
      reasons: ["many-orders"],
      ordersInWindow: 3,
      orderIdsInWindow: ["d1", "d2"],
    });
    // An order both tried and paid with the card counts once.
    expect(
      withAttempts(
        [tried("d1")],
        [{ orderId: "d1", userId: "user_1", email: "john@example.com", createdAt: before(1) }],
      ),
    ).toBeNull();
  });

  it("sees a card tried by another buyer as shared", () => {
    const hit = withAttempts([tried("m1", { userId: null, email: "mallory@example.com", links: ["card"] })]);
    expect(hit?.evidence).toMatchObject({ reasons: ["shared-card"], otherBuyers: 1 });
  });

  it("ignores attempts not linked by this card and attempts outside the window", () => {
    expect(withAttempts([tried("d1"), tried("d2", { links: ["account", "email"] })])).toBeNull();
    expect(withAttempts([tried("d1"), tried("d2", { at: before(24, 1) })])).toBeNull();
    expect(withAttempts([tried("d1"), tried("d2", { at: before(24) })])?.evidence["ordersInWindow"]).toBe(3);
  });
});
