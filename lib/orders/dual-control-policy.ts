import { defineLifecycle, type Lifecycle } from "@/lib/lifecycle";

// Two-person control (OWASP ASVS 5.0 V2.3.5): which money moves need a second staff member, and
// the lifecycle of a proposal. The functions that propose and confirm are in ./dual-control.ts;
// this file holds no I/O, so decisions and refunds can ask it without importing them.
//
//   PENDING → CONFIRMING → CONFIRMED   (another staff member confirmed; the money moved once)
//      │           └─────→ FAILED      (the provider refused or the order changed; propose again)
//      ├→ EXPIRED   (nobody confirmed before expiresAt; set when someone tries)
//      ├→ WITHDRAWN (its proposer took it back before anyone confirmed it)
//      └→ CANCELLED (the order was decided another way, e.g. rejected)

export const PROPOSAL_STATUSES = [
  "PENDING",
  "CONFIRMING",
  "CONFIRMED",
  "FAILED",
  "EXPIRED",
  "WITHDRAWN",
  "CANCELLED",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const proposalStatus: Lifecycle<ProposalStatus> = defineLifecycle("proposal", PROPOSAL_STATUSES, {
  PENDING: ["CONFIRMING", "EXPIRED", "WITHDRAWN", "CANCELLED"],
  CONFIRMING: ["CONFIRMED", "FAILED"],
  CONFIRMED: [],
  FAILED: [],
  EXPIRED: [],
  WITHDRAWN: [],
  CANCELLED: [],
});

export type ProposalKind = "APPROVE" | "REFUND";

/** How long a proposal waits for its second staff member. */
export const PROPOSAL_TTL_HOURS = 24;

/**
 * Whether moving `cents` needs a second staff member under `threshold` (ADMIN_DUAL_CONTROL_CENTS):
 * strictly above it, like the step-up amount; a threshold of 0 turns two-person control off.
 */
export const needsSecondPerson = (cents: number, threshold: number): boolean => threshold > 0 && cents > threshold;

export const SAME_PERSON = "You proposed this yourself: another staff member must confirm it.";
export const PROPOSAL_EXPIRED = "This proposal expired before anyone confirmed it. Propose it again.";
export const PROPOSAL_CLOSED = "This proposal was already confirmed, withdrawn, cancelled or has expired.";
export const NOT_YOUR_PROPOSAL = "Only the staff member who proposed this can withdraw it.";
