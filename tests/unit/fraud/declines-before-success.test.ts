import { describe, expect, it } from "vitest";

import type { AttemptFact } from "@/lib/fraud/types";

import { AT, attempt, before, guestFacts, makeFacts, runRule } from "./facts";

const run = (attempts: AttemptFact[], thresholds = {}) =>
  runRule("declines-before-success", makeFacts({ history: { attempts } }), thresholds);
const declines = (n: number, patch: Partial<AttemptFact> = {}) =>
  Array.from({ length: n }, (_, i) => attempt({ orderId: `o${i}`, fingerprint: `fp_${i}`, ...patch }));

describe("declines-before-success", () => {
  it("fires at 3 declines across cards and checkouts, not at 2", () => {
    expect(run(declines(2))).toBeNull();
    const hit = run([
      ...declines(2),
      attempt({
        orderId: "order_now",
        fingerprint: "fp_0",
        declineCode: "insufficient_funds",
        links: ["account", "email", "cart"],
      }),
    ]);
    expect(hit?.evidence).toEqual({
      declines: 3,
      minDeclines: 3,
      windowHours: 24,
      distinctCards: 2,
      checkouts: 3,
      declineCodes: ["generic_decline", "insufficient_funds"],
      linkedBy: ["account", "cart", "email"],
      otherCheckoutIds: ["o0", "o1"],
    });
    expect(hit?.message).toBe(
      "3 declined attempts with 2 cards over 3 checkouts came before this payment within 24 h (threshold 3).",
    );
  });

  it("counts declines only: failures, cancellations and authorizations are not declines", () => {
    expect(
      run([
        ...declines(2),
        attempt({ outcome: "FAILED" }),
        attempt({ outcome: "CANCELED" }),
        attempt({ outcome: "AUTHORIZED" }),
      ]),
    ).toBeNull();
  });

  it("links by account, email, cart or client address, never by card alone", () => {
    expect(run(declines(3, { links: ["ip"] }))?.evidence["linkedBy"]).toEqual(["ip"]);
    expect(run(declines(3, { links: ["ip"] }), { countSameAddress: false })).toBeNull();
    expect(run(declines(3, { links: ["card"] }))).toBeNull();
    expect(run(declines(3, { links: [] }))).toBeNull();
  });

  it("covers guests through their email and cart", () => {
    const facts = guestFacts({
      history: { attempts: declines(3, { userId: null, email: "guest@example.com", links: ["email"] }) },
    });
    expect(runRule("declines-before-success", facts)).not.toBeNull();
  });

  it("includes a decline exactly at the window's edge, not one ms before, nor after the payment", () => {
    expect(run([...declines(2), attempt({ at: before(24) })])).not.toBeNull();
    expect(run([...declines(2), attempt({ at: before(24, 1) })])).toBeNull();
    expect(run([...declines(2), attempt({ at: new Date(AT.getTime() + 1) })])).toBeNull();
    expect(run([...declines(2), attempt({ at: before(47) })], { windowHours: 48 })).not.toBeNull();
  });

  it("follows the configured count", () => {
    expect(run(declines(1), { minDeclines: 1 })?.evidence["declines"]).toBe(1);
    expect(run(declines(4), { minDeclines: 5 })).toBeNull();
  });
});
