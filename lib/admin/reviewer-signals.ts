import "server-only";
import type { Db } from "@/lib/db";
import { countsAgainstCapture } from "@/lib/payments/refund-status";

// The signals reviewers decide on, as of the moment the order was placed: how old the account
// was, what this customer has bought, refunded and disputed before, what staff decided about
// this customer and this card before, and how many payments were declined before this one.
// Only earlier facts count, so the page reads the same tomorrow as today. Called by
// orderForReview after its permission check.

const MINUTE = 60_000;

export type ReviewerSignals = {
  guest: boolean;
  /** Account age at order time (ms); null for guests. Same as sign-up to order. */
  accountAgeMs: number | null;
  earlierOrders: number;
  earlierPaidOrders: number;
  /** Captured on earlier orders, in the order's currency only (other currencies are not summed). */
  spendCents: number;
  refunds: number;
  refundedCents: number;
  disputes: number;
  earlierDecisions: { customer: DecisionCount; card: DecisionCount };
  /** Declined or failed attempts on this order before its first authorization. */
  declinesBeforeThisPayment: number;
  /** Declined or failed attempts by this account, email or card on earlier orders (30 days). */
  declinesBefore30Days: number;
};

export type DecisionCount = { approved: number; rejected: number };

const countDecisions = (rows: Array<{ decision: string }>): DecisionCount => ({
  approved: rows.filter((d) => d.decision === "APPROVE").length,
  rejected: rows.filter((d) => d.decision === "REJECT").length,
});

export async function reviewerSignals(
  db: Db,
  order: {
    id: string;
    userId: string | null;
    email: string;
    currency: string;
    createdAt: Date;
    user: { createdAt: Date } | null;
    cardFingerprint: string | null;
  },
  attempts: {
    own: Array<{ outcome: string; attemptedAt: Date }>;
    related: Array<{ outcome: string; attemptedAt: Date }>;
  },
): Promise<ReviewerSignals> {
  const before = { lt: order.createdAt };
  const customer = {
    id: { not: order.id },
    createdAt: before,
    OR: [{ email: order.email }, ...(order.userId ? [{ userId: order.userId }] : [])],
  };
  const [earlier, customerDecisions, cardDecisions] = await Promise.all([
    db.order.findMany({
      where: customer,
      select: {
        status: true,
        currency: true,
        paidAt: true,
        payment: { select: { amountCaptured: true } },
        refunds: { select: { amountCents: true, status: true } },
        _count: { select: { disputes: true } },
      },
    }),
    db.orderDecision.findMany({
      where: { createdAt: before, outcome: { not: "FAILED" }, order: customer },
      select: { decision: true },
    }),
    order.cardFingerprint
      ? db.orderDecision.findMany({
          where: {
            createdAt: before,
            outcome: { not: "FAILED" },
            order: { id: { not: order.id }, payment: { cardFingerprint: order.cardFingerprint } },
          },
          select: { decision: true },
        })
      : Promise.resolve([]),
  ]);
  const same = earlier.filter((o) => o.currency === order.currency);
  const refunds = earlier.flatMap((o) => o.refunds.filter((r) => countsAgainstCapture(r.status)));
  const firstAuthorized = attempts.own.find((a) => a.outcome === "AUTHORIZED")?.attemptedAt ?? null;
  const declined = (a: { outcome: string }) => a.outcome === "DECLINED" || a.outcome === "FAILED";
  return {
    guest: order.user === null,
    accountAgeMs: order.user ? Math.max(0, order.createdAt.getTime() - order.user.createdAt.getTime()) : null,
    earlierOrders: earlier.length,
    earlierPaidOrders: earlier.filter((o) => o.paidAt !== null).length,
    spendCents: same.reduce((s, o) => s + (o.payment?.amountCaptured ?? 0), 0),
    refunds: refunds.length,
    refundedCents: earlier
      .filter((o) => o.currency === order.currency)
      .reduce(
        (s, o) => s + o.refunds.filter((r) => countsAgainstCapture(r.status)).reduce((t, r) => t + r.amountCents, 0),
        0,
      ),
    disputes: earlier.reduce((s, o) => s + o._count.disputes, 0),
    earlierDecisions: { customer: countDecisions(customerDecisions), card: countDecisions(cardDecisions) },
    declinesBeforeThisPayment: attempts.own.filter(
      (a) => declined(a) && (firstAuthorized === null || a.attemptedAt <= firstAuthorized),
    ).length,
    declinesBefore30Days: attempts.related.filter((a) => declined(a) && a.attemptedAt < order.createdAt).length,
  };
}

/** "3 minutes", "5 hours", "12 days": the unit a reviewer reads at a glance. */
export function formatDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms < MINUTE) return "under a minute";
  if (ms < 60 * MINUTE) return plural(Math.floor(ms / MINUTE), "minute");
  if (ms < 48 * 60 * MINUTE) return plural(Math.floor(ms / (60 * MINUTE)), "hour");
  const days = Math.floor(ms / (24 * 60 * MINUTE));
  return days < 730 ? plural(days, "day") : plural(Math.floor(days / 365), "year");
}
