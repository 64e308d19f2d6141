import { defineLifecycle, type Lifecycle } from "@/lib/lifecycle";

// The one home of an order's status: the list, the type, the moves allowed between them, the
// groups other code filters by, and what each status means to a shopper. The database column is
// a string (SQLite has no enums); read values go through orderStatus.parse/is.
//
//   PENDING_PAYMENT → AUTHORIZING → PAID → PARTIALLY_REFUNDED → REFUNDED
//          │               │   └→ HELD → APPROVING → PAID
//          │               │            └→ REJECTING → CANCELLED
//          │               │            └→ CANCELLED (authorization lapsed)
//          │               └→ PENDING_PAYMENT (the delivery failed; the provider retries)
//          └→ EXPIRED (session expired, shopper gave up) / CANCELLED (provider cancelled)

export const ORDER_STATUSES = [
  "PENDING_PAYMENT",
  "AUTHORIZING",
  "HELD",
  "APPROVING",
  "REJECTING",
  "PAID",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "CANCELLED",
  "EXPIRED",
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderStatus: Lifecycle<OrderStatus> = defineLifecycle("order", ORDER_STATUSES, {
  PENDING_PAYMENT: ["AUTHORIZING", "EXPIRED", "CANCELLED"],
  // AUTHORIZING → AUTHORIZING: a retry takes over a claim left by an instance that died.
  // AUTHORIZING → CANCELLED: the card is on the block list (lib/fraud/blocklist.ts).
  AUTHORIZING: ["AUTHORIZING", "PAID", "HELD", "PENDING_PAYMENT", "CANCELLED"],
  HELD: ["APPROVING", "REJECTING", "CANCELLED"],
  // A provider failure puts the order back to HELD for another decision.
  APPROVING: ["PAID", "HELD"],
  REJECTING: ["CANCELLED", "HELD"],
  PAID: ["PARTIALLY_REFUNDED", "REFUNDED"],
  PARTIALLY_REFUNDED: ["REFUNDED"],
  REFUNDED: [],
  CANCELLED: [],
  EXPIRED: [],
});

/** Orders staff still have to decide on (the review queue); HELD first. */
export const REVIEW_STATUSES = ["HELD", "APPROVING", "REJECTING"] as const satisfies readonly OrderStatus[];

/** Orders with captured money that can still be refunded. */
export const REFUNDABLE_STATUSES = ["PAID", "PARTIALLY_REFUNDED"] as const satisfies readonly OrderStatus[];

export const isRefundable = (status: string): boolean => (REFUNDABLE_STATUSES as readonly string[]).includes(status);

/** What each status means to a shopper (a decision under way still reads as "under review"). */
export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING_PAYMENT: "Awaiting payment",
  AUTHORIZING: "Confirming your payment",
  HELD: "Under review: nothing has been charged yet",
  APPROVING: "Under review: nothing has been charged yet",
  REJECTING: "Under review: nothing has been charged yet",
  PAID: "Paid: we are preparing your order",
  PARTIALLY_REFUNDED: "Partially refunded",
  REFUNDED: "Refunded",
  CANCELLED: "Cancelled: you have not been charged",
  EXPIRED: "Payment not completed",
};

/** A row read from the database with its status as the type (throws on an unknown status). */
export function withOrderStatus<T extends { status: string }>(row: T): Omit<T, "status"> & { status: OrderStatus } {
  return { ...row, status: orderStatus.parse(row.status) };
}

/** A status for staff: its name in words ("partially refunded"). */
export const staffLabel = (status: string): string => status.replace(/_/g, " ").toLowerCase();
