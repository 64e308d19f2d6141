import { defineLifecycle, type Lifecycle } from "@/lib/lifecycle";

// A Refund row: PENDING from the moment staff ask (it already counts against the captured
// amount, so two requests cannot both fit), SUCCEEDED once Stripe confirms, FAILED when Stripe
// refuses. Stripe may still report a refund it first failed as succeeded, so FAILED → SUCCEEDED;
// and a refund that succeeded may fail later (the card was closed: refund.updated with status
// failed), so SUCCEEDED → FAILED, which returns its amount to what was captured.

export const REFUND_STATUSES = ["PENDING", "SUCCEEDED", "FAILED"] as const;

export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const refundStatus: Lifecycle<RefundStatus> = defineLifecycle("refund", REFUND_STATUSES, {
  PENDING: ["SUCCEEDED", "FAILED"],
  FAILED: ["SUCCEEDED"],
  SUCCEEDED: ["FAILED"],
});

/** Refunds made or under way: they count against what was captured. */
export const COUNTED_REFUND_STATUSES = ["PENDING", "SUCCEEDED"] as const satisfies readonly RefundStatus[];

/** Whether a refund in this status counts against what was captured. */
export const countsAgainstCapture = (status: string): boolean =>
  (COUNTED_REFUND_STATUSES as readonly string[]).includes(status);
