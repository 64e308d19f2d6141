// The outcomes of one payment attempt (one card tried on one PaymentIntent), as the provider
// reported them. Rules count attempts by these, not only successes: a run of declines is what
// card testing looks like.

export const ATTEMPT_OUTCOMES = ["AUTHORIZED", "DECLINED", "FAILED", "CANCELED"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const ATTEMPT_OUTCOME_LABELS: Record<AttemptOutcome, string> = {
  AUTHORIZED: "Authorized",
  DECLINED: "Declined",
  FAILED: "Failed",
  CANCELED: "Canceled",
};

// An attempt's outcome only moves forward: an authorization may later be canceled (staff
// rejected it, it lapsed, the checkout was abandoned); a decline or failure is final. Events
// arriving out of order therefore cannot turn a canceled authorization back into a live one.
const NEXT: Record<AttemptOutcome, readonly AttemptOutcome[]> = {
  AUTHORIZED: ["CANCELED"],
  DECLINED: [],
  FAILED: [],
  CANCELED: [],
};

export function canBecome(from: AttemptOutcome, to: AttemptOutcome): boolean {
  return NEXT[from].includes(to);
}

export function isAttemptOutcome(value: string): value is AttemptOutcome {
  return (ATTEMPT_OUTCOMES as readonly string[]).includes(value);
}

// Stripe's card errors are declines (by the issuer, or for a wrong CVC, expiry or number); a
// processing error or any other error type is a failure that says nothing about the card.
export function outcomeOfError(error: { type?: string | null; code?: string | null }): AttemptOutcome {
  return error.type === "card_error" && error.code !== "processing_error" ? "DECLINED" : "FAILED";
}
