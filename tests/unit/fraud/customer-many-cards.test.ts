import { describe, expect, it } from "vitest";

import type { AttemptFact } from "@/lib/fraud/types";

import { AT, attempt, before, makeFacts, runRule } from "./facts";

type Entry = { orderId: string; fingerprint: string | null; createdAt: Date };
const run = (customerCards: Entry[], thresholds = {}, fingerprint: string | null = "fp_main") =>
  runRule("customer-many-cards", makeFacts({ card: { fingerprint }, history: { customerCards } }), thresholds);

describe("customer-many-cards", () => {
  it("fires at N distinct cards counting this one, not at N-1", () => {
    expect(run([{ orderId: "o1", fingerprint: "fp_a", createdAt: before(1) }])).toBeNull();
    const hit = run([
      { orderId: "o1", fingerprint: "fp_a", createdAt: before(1) },
      { orderId: "o2", fingerprint: "fp_b", createdAt: before(2) },
    ]);
    expect(hit?.evidence).toEqual({
      distinctCards: 3,
      cardsOnlyTried: 0,
      minCards: 3,
      windowHours: 168,
      otherCardOrderIds: ["o1", "o2"],
    });
    expect(hit?.message).toBe(
      "This customer used 3 different cards within 168 h (threshold 3); this order used the Visa card ending 4242.",
    );
  });

  it("counts cards, not orders: repeats and this card again add nothing", () => {
    expect(
      run([
        { orderId: "o1", fingerprint: "fp_a", createdAt: before(1) },
        { orderId: "o2", fingerprint: "fp_a", createdAt: before(2) },
        { orderId: "o3", fingerprint: "fp_main", createdAt: before(3) },
        { orderId: "o4", fingerprint: null, createdAt: before(4) },
      ]),
    ).toBeNull();
  });

  it("includes a card exactly at the 7-day edge and one ms inside, excludes one ms outside", () => {
    const withThird = (createdAt: Date) =>
      run([
        { orderId: "o1", fingerprint: "fp_a", createdAt: before(1) },
        { orderId: "o2", fingerprint: "fp_b", createdAt },
      ]);
    expect(withThird(before(168))?.evidence["distinctCards"]).toBe(3);
    expect(withThird(before(168, -1))?.evidence["distinctCards"]).toBe(3);
    expect(withThird(before(168, 1))).toBeNull();
    expect(withThird(new Date(AT.getTime() + 1))).toBeNull();
  });

  it("ignores this order's own entry", () => {
    expect(
      run([
        { orderId: "o1", fingerprint: "fp_a", createdAt: before(1) },
        { orderId: "order_now", fingerprint: "fp_b", createdAt: AT },
      ]),
    ).toBeNull();
  });

  it("honours configured N and window", () => {
    const cards = [
      { orderId: "o1", fingerprint: "fp_a", createdAt: before(200) },
      { orderId: "o2", fingerprint: "fp_b", createdAt: before(300) },
    ];
    expect(run(cards)).toBeNull();
    expect(run(cards, { windowHours: 300 })?.evidence["distinctCards"]).toBe(3);
    expect(run(cards, { windowHours: 300, minCards: 4 })).toBeNull();
    expect(run(cards.slice(0, 1), { windowHours: 200, minCards: 2 })?.evidence["distinctCards"]).toBe(2);
  });

  it("is not evaluated without this card's fingerprint", () => {
    const cards = [
      { orderId: "o1", fingerprint: "fp_a", createdAt: before(1) },
      { orderId: "o2", fingerprint: "fp_b", createdAt: before(1) },
      { orderId: "o3", fingerprint: "fp_c", createdAt: before(1) },
    ];
    expect(run(cards, {}, null)).toBeNull();
  });
});

describe("customer-many-cards: every card tried counts", () => {
  const withAttempts = (attempts: AttemptFact[], thresholds = {}) =>
    runRule("customer-many-cards", makeFacts({ history: { attempts } }), thresholds);

  it("counts declined cards of the same account, email or cart, not other links", () => {
    const hit = withAttempts([
      attempt({ fingerprint: "fp_a" }),
      attempt({ fingerprint: "fp_b", links: ["cart"], orderId: "order_now" }),
    ]);
    expect(hit?.evidence).toMatchObject({ distinctCards: 3, cardsOnlyTried: 2, otherCardOrderIds: ["order_other"] });
    expect(hit?.message).toBe(
      "This customer used 3 different cards within 168 h (threshold 3), 2 of them only in declined or failed attempts; this order used the Visa card ending 4242.",
    );
    // The same address or card alone does not make someone the same customer.
    expect(
      withAttempts([
        attempt({ fingerprint: "fp_a", links: ["ip"] }),
        attempt({ fingerprint: "fp_b", links: ["card"] }),
      ]),
    ).toBeNull();
  });

  it("counts each card once and only inside the window, ending when the payment was assessed", () => {
    expect(
      withAttempts([
        attempt({ fingerprint: "fp_a" }),
        attempt({ fingerprint: "fp_a", outcome: "AUTHORIZED" }),
        attempt({ fingerprint: null }),
      ]),
    ).toBeNull();
    expect(
      withAttempts([attempt({ fingerprint: "fp_a" }), attempt({ fingerprint: "fp_b", at: before(168) })])?.evidence[
        "distinctCards"
      ],
    ).toBe(3);
    expect(
      withAttempts([attempt({ fingerprint: "fp_a" }), attempt({ fingerprint: "fp_b", at: before(168, 1) })]),
    ).toBeNull();
    expect(
      withAttempts([
        attempt({ fingerprint: "fp_a" }),
        attempt({ fingerprint: "fp_b", at: new Date(AT.getTime() + 1) }),
      ]),
    ).toBeNull();
  });
});
