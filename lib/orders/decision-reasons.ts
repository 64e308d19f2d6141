import { z } from "zod";

// Why staff approved or rejected a held order, as a code from a short list: the note says the
// details, the code is what the rules page and reports count (false positives per rule, fraud
// confirmed per rule). "other" is allowed for both decisions; the note then carries the reason.

export const APPROVE_REASONS = {
  "verified-with-customer": "Verified with the customer",
  "known-customer": "Known customer",
  "false-positive": "False positive: the signal has an innocent explanation",
} as const;

export const REJECT_REASONS = {
  "suspected-fraud": "Suspected fraud",
  "stolen-card": "Stolen card",
  "card-testing": "Card testing",
  "customer-request": "Customer asked to cancel",
  "could-not-verify": "Could not verify the customer",
} as const;

export const OTHER_REASON = { other: "Other (explained in the note)" } as const;

type ApproveReason = keyof typeof APPROVE_REASONS | keyof typeof OTHER_REASON;
type RejectReason = keyof typeof REJECT_REASONS | keyof typeof OTHER_REASON;
export type DecisionReason = ApproveReason | RejectReason;

const codes = <T extends object>(o: T) => Object.keys(o) as Array<keyof T & string>;
const DECISION_REASONS = [...codes(APPROVE_REASONS), ...codes(REJECT_REASONS), ...codes(OTHER_REASON)] as [
  DecisionReason,
  ...DecisionReason[],
];

export const reasonSchema = z.enum(DECISION_REASONS, { error: "Choose a reason." });

const REASON_LABELS: Record<DecisionReason, string> = { ...APPROVE_REASONS, ...REJECT_REASONS, ...OTHER_REASON };

/** Whether a code may justify this decision (an approval cannot say "stolen card"). */
export function reasonFits(kind: "APPROVE" | "REJECT", reason: DecisionReason): boolean {
  return reason in OTHER_REASON || reason in (kind === "APPROVE" ? APPROVE_REASONS : REJECT_REASONS);
}

/** A stored code in words; unknown or missing codes (older decisions) read as "no reason code". */
export function reasonLabel(code: string | null): string {
  return code && code in REASON_LABELS ? REASON_LABELS[code as DecisionReason] : "no reason code";
}
