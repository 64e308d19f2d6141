import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { REVIEW_CLAIM_MINUTES, claimExpiry, reviewClaimState, type ClaimFacts } from "./claim-state";

// Taking a held order from the queue, so two reviewers do not work on the same one. A claim is
// the order's reviewerId + reviewClaimedAt; it lapses after REVIEW_CLAIM_MINUTES, after which
// anyone with orders.decide may take the order over. Taking is one conditional UPDATE that
// matches only the claim the reviewer saw (free, their own, or lapsed), so of two reviewers
// taking the same order at once exactly one wins on SQLite and PostgreSQL alike: the other's
// UPDATE re-reads the row the winner wrote and matches nothing. Taking and releasing are
// audited, in the transaction that writes the claim.
//
// A live claim is enforced where it matters: deciding (lib/orders/staff-decisions.ts: approve, reject,
// propose, confirm) refuses an order another reviewer holds, naming them, and the conditional
// update that starts the decision repeats the rule in its WHERE (openToDecide), so a take and a
// decision racing cannot both win. An applied decision or a proposal clears the claim in the
// transaction that records it (CLAIM_CLEARED).

export { REVIEW_CLAIM_MINUTES };

const claimSchema = z.object({
  orderId: z.string().trim().min(1, "Choose an order.").max(64, "Choose an order."),
  intent: z.enum(["take", "release"], { error: "Choose take or release." }).default("take"),
});

export type ClaimResult = {
  reference: string;
  intent: "take" | "release";
  takenOverFrom: string | null;
  until: Date | null;
};

const HELD_ONLY = "Only held orders are taken for review: this one has been decided.";

/** Takes a held order for review (or releases your own claim on it). */
export async function claimOrder(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now, ip }: { now: Date; ip?: string },
): Promise<ClaimResult> {
  const staff = requirePermission(actor, "orders.decide");
  const { orderId, intent } = parseInput(claimSchema, input);
  const before = await readClaim(db, orderId);
  if (!before) throw new AppError("NOT_FOUND", "That order could not be found.");
  const audit = (tx: Db, action: string, detail: Record<string, unknown>) =>
    appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action,
      target: `order:${orderId}`,
      detail: { reference: before.reference, ...detail },
      ip,
    });

  if (intent === "release") {
    return inTransaction(db, async (tx) => {
      const { count } = await tx.order.updateMany({
        where: { id: orderId, reviewerId: staff.id },
        data: { reviewerId: null, reviewClaimedAt: null },
      });
      if (count === 0) throw new AppError("CONFLICT", "This order is not assigned to you.");
      await audit(tx, "order.release", {});
      return { reference: before.reference, intent, takenOverFrom: null, until: null };
    });
  }

  if (before.status !== "HELD") throw new AppError("CONFLICT", HELD_ONLY);
  if (reviewClaimState(before, staff.id, now).kind === "other") throw beingReviewed(before, staff.id, now);
  // Compare and set: the claim is written only if it is still the one read above. Each
  // transaction writes first, so on SQLite a second connection waits for the lock instead of
  // failing to upgrade a read lock.
  const won = await inTransaction(db, async (tx) => {
    const { count } = await tx.order.updateMany({
      where: {
        id: orderId,
        status: "HELD",
        reviewerId: before.reviewer?.id ?? null,
        reviewClaimedAt: before.reviewClaimedAt,
      },
      data: { reviewerId: staff.id, reviewClaimedAt: now },
    });
    if (count === 0) return false;
    const previous = before.reviewer && before.reviewer.id !== staff.id ? before.reviewer : null;
    await audit(tx, "order.take", previous ? { takenOverFrom: previous.email, claimedAt: before.reviewClaimedAt } : {});
    return true;
  });
  if (!won) {
    // Someone took it (or decided it) between the read and the write: say who has it now.
    const holder = await readClaim(db, orderId);
    if (holder?.status !== "HELD") throw new AppError("CONFLICT", HELD_ONLY);
    throw beingReviewed(holder, staff.id, now);
  }
  const previous = before.reviewer && before.reviewer.id !== staff.id ? before.reviewer : null;
  return { reference: before.reference, intent, takenOverFrom: previous?.name ?? null, until: claimExpiry(now) };
}

/** The Order columns that clear a claim; written with the decision or proposal that ends the review. */
export const CLAIM_CLEARED = { reviewerId: null, reviewClaimedAt: null } as const;

/**
 * A filter on Order matching only rows `staffId` may decide at `now`: no claim, their own, or a
 * lapsed one. Spread into the WHERE of the conditional update that starts a decision.
 */
export const openToDecide = (staffId: string, now: Date) => ({
  OR: [
    { reviewerId: null },
    { reviewerId: staffId },
    { reviewClaimedAt: null },
    { reviewClaimedAt: { lte: new Date(now.getTime() - REVIEW_CLAIM_MINUTES * 60_000) } },
  ],
});

/** The Order fields refuseIfClaimed reads. */
export const CLAIM_SELECT = {
  reference: true,
  status: true,
  reviewClaimedAt: true,
  reviewer: { select: { id: true, name: true } },
} as const;

/** Throws CONFLICT, naming the holder, when another reviewer holds this held order under a live claim. */
export function refuseIfClaimed(
  order: { reference: string; status: string } & ClaimFacts,
  staffId: string,
  now: Date,
): void {
  if (order.status === "HELD" && reviewClaimState(order, staffId, now).kind === "other")
    throw beingReviewed(order, staffId, now, "decide");
}

/** refuseIfClaimed on the order as it is now: for a conditional update that matched nothing. */
export async function refuseIfClaimedNow(db: Db, orderId: string, staffId: string, now: Date): Promise<void> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: CLAIM_SELECT });
  if (order) refuseIfClaimed(order, staffId, now);
}

const readClaim = (db: Db, orderId: string) =>
  db.order.findUnique({
    where: { id: orderId },
    select: {
      reference: true,
      status: true,
      reviewClaimedAt: true,
      reviewer: { select: { id: true, name: true, email: true } },
    },
  });

function beingReviewed(
  order: { reference: string } & ClaimFacts,
  viewerId: string,
  now: Date,
  doing: "take" | "decide" = "take",
): AppError {
  const state = reviewClaimState(order, viewerId, now);
  const until = state.kind === "other" ? ` until ${state.until.toISOString().slice(11, 16)} UTC` : "";
  const next =
    doing === "decide"
      ? " Only they can decide it until then; ask them to release it, or take it over once their claim lapses."
      : "";
  return new AppError(
    "CONFLICT",
    `Order ${order.reference} is being reviewed by ${order.reviewer?.name ?? "another reviewer"}${until}.${next}`,
  );
}
