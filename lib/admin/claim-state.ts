// Who is reviewing a held order, as the queue shows it to one staff member. Pure (no database):
// the queue and lib/admin/claims.ts share it, and it is unit-tested alone.

/** How long a claim on a held order lasts; after that anyone may take the order over. */
export const REVIEW_CLAIM_MINUTES = 30;

export type ClaimFacts = { reviewer: { id: string; name: string } | null; reviewClaimedAt: Date | null };

export type ClaimState =
  | { kind: "free" }
  | { kind: "mine"; until: Date }
  | { kind: "other"; name: string; until: Date }
  | { kind: "lapsed"; name: string };

export const claimExpiry = (claimedAt: Date): Date => new Date(claimedAt.getTime() + REVIEW_CLAIM_MINUTES * 60_000);

export function reviewClaimState(order: ClaimFacts, viewerId: string, now: Date): ClaimState {
  if (!order.reviewer || !order.reviewClaimedAt) return { kind: "free" };
  const until = claimExpiry(order.reviewClaimedAt);
  if (until.getTime() <= now.getTime())
    return order.reviewer.id === viewerId ? { kind: "free" } : { kind: "lapsed", name: order.reviewer.name };
  return order.reviewer.id === viewerId ? { kind: "mine", until } : { kind: "other", name: order.reviewer.name, until };
}
