// Disputes, as Stripe's test mode runs them (https://docs.stripe.com/testing#disputes):
// - opened by a dispute test card once its payment is captured (0259 fraudulent, 2685 product
//   not received, 1976 an inquiry), or on demand through /_emulator/charges/:id/dispute;
// - evidence submitted with POST /v1/disputes/:id moves it under review; the test-mode evidence
//   text `winning_evidence` / `losing_evidence` decides it at once (won or lost; an inquiry
//   closes as warning_closed);
// - POST /v1/disputes/:id/close accepts it (lost);
// - /_emulator/disputes/:id/status moves it to any status Stripe's lifecycle allows next:
//   prevented, an appeal of a lost dispute (appeal_needs_response → appeal_under_review → won or
//   lost), an inquiry escalated to a chargeback, …
// Every move emits charge.dispute.updated (with previous_attributes.status); a move to a closed
// status also emits charge.dispute.closed.
import type Stripe from "stripe";
import { DAY } from "./clock";
import type { DisputeOnCapture } from "./cards";
import type { ApiRouter, Emulator, RequestInfo } from "./context";
import { disputeDefaults, emptyEvidence } from "./defaults";
import { invalidRequest } from "./errors";
import { newId } from "./ids";
import { assertKnown, mergeMetadata, optionalMetadata, optionalObject, optionalString } from "./params";
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

/** The SDK's dispute statuses without its open `string & {}` member. */
type Known<T> = T extends string ? (string extends T ? never : T) : T;
type Status = Known<Stripe.Dispute.Status>;

/**
 * Stripe's dispute lifecycle: which statuses may follow each. A table keyed by every status of
 * the SDK's union (a new one is a compile error until it is placed).
 */
const DISPUTE_MOVES: Record<Status, readonly Status[]> = {
  warning_needs_response: ["warning_under_review", "warning_closed", "needs_response", "prevented"],
  warning_under_review: ["warning_closed", "needs_response"],
  warning_closed: [],
  needs_response: ["under_review", "won", "lost", "prevented"],
  under_review: ["won", "lost"],
  prevented: [],
  won: [],
  lost: ["appeal_needs_response"],
  appeal_needs_response: ["appeal_under_review", "won", "lost"],
  appeal_under_review: ["won", "lost"],
};
export const DISPUTE_STATUSES = Object.keys(DISPUTE_MOVES) as Status[];
const CLOSED: readonly Status[] = ["warning_closed", "prevented", "won", "lost"];
export const OPENING_STATUSES = ["needs_response", "warning_needs_response"] as const;

export function openDispute(
  em: Emulator,
  request: RequestInfo,
  charge: Charge,
  opening: DisputeOnCapture | { reason: string; status: (typeof OPENING_STATUSES)[number] } = {
    reason: "fraudulent",
    status: "needs_response",
  },
): Dispute {
  if (!charge.captured)
    throw invalidRequest(`Charge ${charge.id} has not been captured, so it cannot be disputed.`, { param: "charge" });
  if (charge.disputed)
    throw invalidRequest(`Charge ${charge.id} has already been disputed.`, {
      code: "charge_disputed",
      param: "charge",
    });
  const now = em.clock.now();
  const inquiry = opening.status === "warning_needs_response";
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
    // An inquiry withdraws no funds: the charge can still be refunded.
    is_charge_refundable: inquiry,
    payment_intent: charge.payment_intent,
    reason: opening.reason,
    status: opening.status,
  };
  em.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  em.events.emit("charge.dispute.created", dispute, request);
  return dispute;
}

/** Called after every capture: a dispute test card's payments are disputed once captured. */
export function disputeIfTestCard(em: Emulator, request: RequestInfo, charge: Charge): void {
  const opening = em.store.disputeOnCapture.get(charge.id);
  if (!opening) return;
  em.store.disputeOnCapture.delete(charge.id);
  openDispute(em, request, charge, opening);
}

const isStatus = (value: string): value is Status => (DISPUTE_STATUSES as string[]).includes(value);

/** Moves a dispute one step of Stripe's lifecycle, with its events. */
export function moveDispute(em: Emulator, request: RequestInfo, dispute: Dispute, to: string): Dispute {
  const from = dispute.status;
  if (!isStatus(to) || !isStatus(from) || !DISPUTE_MOVES[from].includes(to)) {
    const allowed = isStatus(from) ? DISPUTE_MOVES[from] : [];
    throw invalidRequest(
      `Dispute ${dispute.id} cannot go from ${from} to ${to}${allowed.length ? ` (it may go to ${allowed.join(", ")})` : ": it is closed"}.`,
      { param: "status" },
    );
  }
  dispute.status = to;
  if (to === "needs_response") dispute.is_charge_refundable = false;
  if (to === "appeal_needs_response") {
    dispute.evidence_details.due_by = em.clock.now() + 7 * DAY;
    dispute.evidence_details.past_due = false;
  }
  em.events.emit("charge.dispute.updated", dispute, request, { status: from });
  if (CLOSED.includes(to)) em.events.emit("charge.dispute.closed", dispute, request);
  return dispute;
}

/** The outcome a test-mode evidence text decides (https://docs.stripe.com/testing#evidence). */
function decidedBy(text: string | null): "won" | "lost" | null {
  if (text === "winning_evidence") return "won";
  if (text === "losing_evidence") return "lost";
  return null;
}

const REVIEW_OF: Partial<Record<Status, Status>> = {
  warning_needs_response: "warning_under_review",
  needs_response: "under_review",
  appeal_needs_response: "appeal_under_review",
};

/** POST /v1/disputes/:id: evidence (text fields), metadata, and `submit` (default true). */
function updateDispute(
  em: Emulator,
  request: RequestInfo,
  dispute: Dispute,
  params: Record<string, unknown> & {
    evidence?: Record<string, string>;
    metadata?: Record<string, string>;
    submit?: boolean;
  },
): Dispute {
  if (params.metadata) dispute.metadata = mergeMetadata(dispute.metadata, params.metadata);
  const evidence = params.evidence;
  if (!evidence) return dispute;
  const review = isStatus(dispute.status) ? REVIEW_OF[dispute.status] : undefined;
  if (!review)
    throw invalidRequest(
      `This dispute (${dispute.id}) is in status ${dispute.status}, so evidence can no longer be submitted.`,
      { param: "evidence" },
    );
  const known = Object.keys(emptyEvidence());
  for (const [key, value] of Object.entries(evidence)) {
    if (!known.includes(key) || key === "enhanced_evidence")
      throw invalidRequest(`Received unknown parameter: evidence[${key}]`, {
        code: "parameter_unknown",
        param: `evidence[${key}]`,
      });
    (dispute.evidence as unknown as Record<string, string | null>)[key] = value || null;
  }
  dispute.evidence_details.has_evidence = true;
  if (params.submit === false) {
    em.events.emit("charge.dispute.updated", dispute, request, {
      evidence: {},
    });
    return dispute;
  }
  dispute.evidence_details.submission_count += 1;
  dispute.evidence_details.submission_method = "manual";
  moveDispute(em, request, dispute, review);
  const outcome = decidedBy(dispute.evidence.uncategorized_text);
  if (outcome) moveDispute(em, request, dispute, review === "warning_under_review" ? "warning_closed" : outcome);
  return dispute;
}

export function registerDisputeRoutes(router: ApiRouter): void {
  router
    .add("GET", "/v1/disputes/:id", ({ em, path }) => em.store.dispute(path.id ?? ""))
    .add("POST", "/v1/disputes/:id", ({ em, request, path, params }) => {
      assertKnown(params, ["evidence", "metadata", "submit", "expand"]);
      const evidence = optionalObject(params, "evidence");
      const texts: Record<string, string> = {};
      for (const key of Object.keys(evidence ?? {})) texts[key] = optionalString(evidence ?? {}, key, "evidence") ?? "";
      const submit = optionalString(params, "submit");
      return updateDispute(em, request, em.store.dispute(path.id ?? ""), {
        evidence: evidence ? texts : undefined,
        metadata: optionalMetadata(params),
        submit: submit === undefined ? true : submit === "true",
      });
    })
    // On Stripe, closing a dispute means accepting it: the merchant loses.
    .add("POST", "/v1/disputes/:id/close", ({ em, request, path }) => {
      const dispute = em.store.dispute(path.id ?? "");
      if (dispute.status.startsWith("warning_")) return moveDispute(em, request, dispute, "warning_closed");
      return moveDispute(em, request, dispute, "lost");
    });
}
