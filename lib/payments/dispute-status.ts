import type Stripe from "stripe";
import { defineLifecycle, type Lifecycle } from "@/lib/lifecycle";
import { disputeIsClosed, type StripeDisputeStatus } from "./stripe-enums";

// A Dispute row's status is Stripe's. Open statuses may follow each other in any order (events
// arrive out of order); a closed dispute stays closed, so a late "updated" never reopens it,
// except a lost one whose appeal starts (appeal_needs_response, appeal_under_review): its
// outcome is then the appeal's (won or lost). Open or closed is disputeIsClosed's switch.

export const OPEN_DISPUTE_STATUSES = [
  "warning_needs_response",
  "warning_under_review",
  "needs_response",
  "under_review",
  "appeal_needs_response",
  "appeal_under_review",
] as const satisfies readonly Stripe.Dispute.Status[];
export const CLOSED_DISPUTE_STATUSES = [
  "won",
  "lost",
  "warning_closed",
  "prevented",
] as const satisfies readonly Stripe.Dispute.Status[];

export const DISPUTE_STATUSES = [...OPEN_DISPUTE_STATUSES, ...CLOSED_DISPUTE_STATUSES] as const;

export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

// Every status of the pinned SDK is in the lists above (a new one is a compile error here).
type Unlisted = Exclude<StripeDisputeStatus, DisputeStatus>;
const _EVERY_SDK_DISPUTE_STATUS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

const ANY = DISPUTE_STATUSES;

export const disputeStatus: Lifecycle<DisputeStatus> = defineLifecycle("dispute", DISPUTE_STATUSES, {
  warning_needs_response: ANY,
  warning_under_review: ANY,
  needs_response: ANY,
  under_review: ANY,
  appeal_needs_response: ANY,
  appeal_under_review: ANY,
  won: [],
  lost: ["appeal_needs_response", "appeal_under_review"],
  warning_closed: [],
  prevented: [],
});

export const isOpenDispute = (status: string): boolean => disputeStatus.is(status) && !disputeIsClosed(status);
