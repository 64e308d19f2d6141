import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { TransitionError, type Lifecycle } from "@/lib/lifecycle";
import {
  ORDER_STATUS_LABEL,
  ORDER_STATUSES,
  orderStatus,
  REFUNDABLE_STATUSES,
  REVIEW_STATUSES,
  type OrderStatus,
} from "@/lib/orders/status";
import {
  CLOSED_DISPUTE_STATUSES,
  DISPUTE_STATUSES,
  disputeStatus,
  OPEN_DISPUTE_STATUSES,
  type DisputeStatus,
} from "@/lib/payments/dispute-status";
import {
  COUNTED_REFUND_STATUSES,
  countsAgainstCapture,
  REFUND_STATUSES,
  refundStatus,
} from "@/lib/payments/refund-status";
import { PAYMENT_STATUSES, paymentStatus } from "@/lib/payments/status";

// Each table written out once more by hand: a change to a lifecycle must change this test too.
const ORDER_MOVES: Array<[OrderStatus, OrderStatus]> = [
  ["PENDING_PAYMENT", "AUTHORIZING"],
  ["PENDING_PAYMENT", "EXPIRED"],
  ["PENDING_PAYMENT", "CANCELLED"],
  ["AUTHORIZING", "AUTHORIZING"],
  ["AUTHORIZING", "PAID"],
  ["AUTHORIZING", "HELD"],
  ["AUTHORIZING", "PENDING_PAYMENT"],
  ["AUTHORIZING", "CANCELLED"],
  ["HELD", "APPROVING"],
  ["HELD", "REJECTING"],
  ["HELD", "CANCELLED"],
  ["APPROVING", "PAID"],
  ["APPROVING", "HELD"],
  ["REJECTING", "CANCELLED"],
  ["REJECTING", "HELD"],
  ["PAID", "PARTIALLY_REFUNDED"],
  ["PAID", "REFUNDED"],
  ["PARTIALLY_REFUNDED", "REFUNDED"],
];

// Moves that would lose or move money wrongly if the code ever asked for them.
const ORDER_REFUSED: Array<[OrderStatus, OrderStatus]> = [
  ["PENDING_PAYMENT", "PAID"], // a capture must follow the fraud rules (AUTHORIZING)
  ["HELD", "PAID"], // an approval claims the order first (APPROVING)
  ["CANCELLED", "PAID"],
  ["EXPIRED", "AUTHORIZING"],
  ["REFUNDED", "PAID"],
  ["PARTIALLY_REFUNDED", "PAID"],
  ["PAID", "CANCELLED"],
  ["PAID", "HELD"],
  ["APPROVING", "REJECTING"],
  ["HELD", "HELD"],
];

function allPairs<S extends string>(statuses: readonly S[]): Array<[S, S]> {
  return statuses.flatMap((from) => statuses.map((to) => [from, to] as [S, S]));
}

function expectExactly<S extends string>(lifecycle: Lifecycle<S>, allowed: Array<[S, S]>) {
  const key = ([a, b]: [S, S]) => `${a}→${b}`;
  const expected = new Set(allowed.map(key));
  const actual = allPairs(lifecycle.statuses)
    .filter(([a, b]) => lifecycle.can(a, b))
    .map(key);
  expect(actual.sort()).toEqual([...expected].sort());
}

describe("order status", () => {
  it("allows exactly the moves of the order lifecycle", () => {
    expectExactly(orderStatus, ORDER_MOVES);
  });

  it.each(ORDER_MOVES)("allows %s → %s, and move() builds the conditional update", (from, to) => {
    expect(() => orderStatus.assert(from, to)).not.toThrow();
    expect(orderStatus.move(from, to)).toEqual({ where: { status: { in: [from] } }, data: { status: to } });
  });

  it.each(ORDER_REFUSED)("refuses %s → %s with a coded AppError", (from, to) => {
    expect(orderStatus.can(from, to)).toBe(false);
    let thrown: unknown;
    try {
      orderStatus.assert(from, to);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toBeInstanceOf(TransitionError);
    expect(thrown).toMatchObject({ code: "CONFLICT", status: 409, lifecycle: "order", from, to });
    expect(() => orderStatus.move(from, to)).toThrow(TransitionError);
  });

  it("refuses a move when any one of several starting statuses may not make it", () => {
    expect(orderStatus.move(["PAID", "PARTIALLY_REFUNDED"], "REFUNDED").where.status.in).toEqual([
      "PAID",
      "PARTIALLY_REFUNDED",
    ]);
    expect(() => orderStatus.move(["HELD", "PAID"], "CANCELLED")).toThrow(/PAID to CANCELLED/);
  });

  it("refuses a status it does not know, from the database or elsewhere", () => {
    expect(() => orderStatus.assert("SHIPPED", "PAID")).toThrow(TransitionError);
    expect(orderStatus.is("SHIPPED")).toBe(false);
    expect(() => orderStatus.parse("SHIPPED")).toThrow(/Unknown order status/);
    expect(orderStatus.parse("HELD")).toBe("HELD");
  });

  it("names every status that may reach a state", () => {
    expect(orderStatus.allowedFrom("CANCELLED").sort()).toEqual([
      "AUTHORIZING",
      "HELD",
      "PENDING_PAYMENT",
      "REJECTING",
    ]);
    expect(orderStatus.allowedFrom("PAID").sort()).toEqual(["APPROVING", "AUTHORIZING"]);
    expect(orderStatus.allowedFrom("PENDING_PAYMENT")).toEqual(["AUTHORIZING"]);
  });

  it("derives its groups and labels from the one list", () => {
    expect(Object.keys(ORDER_STATUS_LABEL).sort()).toEqual([...ORDER_STATUSES].sort());
    for (const s of [...REVIEW_STATUSES, ...REFUNDABLE_STATUSES]) expect(orderStatus.is(s)).toBe(true);
    // Every refundable order can still reach REFUNDED; every queued one can still end.
    for (const s of REFUNDABLE_STATUSES) expect(orderStatus.can(s, "REFUNDED")).toBe(true);
    for (const s of REVIEW_STATUSES) expect(orderStatus.can(s, "PAID") || orderStatus.can(s, "CANCELLED")).toBe(true);
  });
});

describe("payment status", () => {
  it("accepts what the provider reports after an authorization, and nothing back", () => {
    for (const to of ["requires_capture", "succeeded", "canceled"] as const)
      expect(paymentStatus.can("requires_capture", to)).toBe(true);
    for (const from of ["succeeded", "canceled"] as const) {
      for (const to of PAYMENT_STATUSES) expect(paymentStatus.can(from, to)).toBe(to === from);
    }
    expect(() => paymentStatus.assert("canceled", "succeeded")).toThrow(TransitionError);
    expect(() => paymentStatus.assert("succeeded", "requires_capture")).toThrow(TransitionError);
    expect(paymentStatus.allowedFrom("canceled")).not.toContain("succeeded");
  });
});

describe("refund status", () => {
  it("allows exactly PENDING → SUCCEEDED | FAILED, FAILED → SUCCEEDED and SUCCEEDED → FAILED (a refund that fails later)", () => {
    expectExactly(refundStatus, [
      ["PENDING", "SUCCEEDED"],
      ["PENDING", "FAILED"],
      ["FAILED", "SUCCEEDED"],
      ["SUCCEEDED", "FAILED"],
    ]);
    expect(() => refundStatus.assert("SUCCEEDED", "PENDING")).toThrow(TransitionError);
    expect(() => refundStatus.assert("FAILED", "PENDING")).toThrow(TransitionError);
  });

  it("counts made and pending refunds against the capture, not failed ones", () => {
    expect(COUNTED_REFUND_STATUSES).toEqual(["PENDING", "SUCCEEDED"]);
    expect(REFUND_STATUSES.filter(countsAgainstCapture)).toEqual(["PENDING", "SUCCEEDED"]);
  });
});

describe("dispute status", () => {
  it("lets open statuses follow each other and close; a closed dispute reopens only as the appeal of a lost one", () => {
    const appeals: Array<[DisputeStatus, DisputeStatus]> = [
      ["lost", "appeal_needs_response"],
      ["lost", "appeal_under_review"],
    ];
    const moves = [
      ...allPairs(DISPUTE_STATUSES).filter(([from]) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(from)),
      ...appeals,
    ];
    expectExactly(disputeStatus, moves);
    for (const closed of CLOSED_DISPUTE_STATUSES) {
      expect(() => disputeStatus.assert(closed, "needs_response")).toThrow(TransitionError);
      expect(disputeStatus.allowedFrom("won")).not.toContain(closed);
    }
  });
});
