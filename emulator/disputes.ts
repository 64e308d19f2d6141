// Disputes: opened by the 0259 test card once its payment is captured, or on demand through
// the test endpoint; closed as won/lost through the test endpoint (or lost via /v1/…/close).
import { DAY } from "./clock";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { disputeDefaults } from "./defaults";
import type { Charge, Dispute } from "./types";

export const DISPUTE_REASONS = [
  "bank_cannot_process",
  "credit_not_processed",
  "customer_initiated",
  "debit_not_authorized",
  "duplicate",
  "fraudulent",
  "general",
  "incorrect_account_details",
  "insufficient_funds",
  "product_not_received",
  "product_unacceptable",
  "subscription_canceled",
  "unrecognized",
] as const;

export function openDispute(
  em: Emulator,
  request: RequestInfo,
  charge: Charge,
  reason = "fraudulent",
): Dispute {
  if (!charge.captured)
    throw invalidRequest(
      `Charge ${charge.id} has not been captured, so it cannot be disputed.`,
      { param: "charge" },
    );
  if (charge.disputed)
    throw invalidRequest(`Charge ${charge.id} has already been disputed.`, {
      code: "charge_disputed",
      param: "charge",
    });
  const now = em.clock.now();
  const dispute: Dispute = {
    ...disputeDefaults(),
    id: newId("dp"),
    object: "dispute",
    amount: charge.amount_captured,
    charge: charge.id,
    created: now,
    currency: charge.currency,
    evidence_details: {
      due_by: now + 7 * DAY,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: "not_submitted",
    },
    is_charge_refundable: false,
    payment_intent: charge.payment_intent,
    reason,
    status: "needs_response",
  };
  em.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  em.events.emit("charge.dispute.created", dispute, request);
  return dispute;
}

/** Called after every capture: the dispute test card's payments are disputed once captured. */
export function disputeIfTestCard(
  em: Emulator,
  request: RequestInfo,
  charge: Charge,
): void {
  if (em.store.disputeOnCapture.delete(charge.id))
    openDispute(em, request, charge);
}

export function closeDispute(
  em: Emulator,
  request: RequestInfo,
  dispute: Dispute,
  outcome: "won" | "lost",
): Dispute {
  if (dispute.status === "won" || dispute.status === "lost") {
    throw invalidRequest(
      `Dispute ${dispute.id} is already closed (status ${dispute.status}).`,
      { param: "dispute" },
    );
  }
  const previous = { status: dispute.status };
  dispute.status = outcome;
  dispute.evidence_details.has_evidence = outcome === "won";
  em.events.emit("charge.dispute.updated", dispute, request, previous);
  em.events.emit("charge.dispute.closed", dispute, request);
  return dispute;
}

export function registerDisputeRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/disputes/:id", ({ em, path }) =>
      em.store.dispute(path.id ?? ""),
    )
    // On Stripe, closing a dispute means accepting it: the merchant loses.
    .add("POST", "/v1/disputes/:id/close", ({ em, request, path }) =>
      closeDispute(em, request, em.store.dispute(path.id ?? ""), "lost"),
    );
}
