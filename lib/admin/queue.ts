import "server-only";
import { z } from "zod";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { REVIEW_STATUSES, withOrderStatus } from "@/lib/orders/status";
import { RULE_IDS } from "@/lib/fraud/rules";
import { parseInput } from "@/lib/validation";
import { REVIEW_CLAIM_MINUTES } from "./claim-state";
import { BAND_LIMITS } from "./evidence";

// The review queue: held orders, by default the authorization that lapses first on top; sorted
// by age, amount or score instead, filtered by rule, status, risk band and who has taken them.

const QUEUE_PAGE_SIZE = 25;

/** Each sort's order, ties broken oldest first so pages never shuffle. */
export const QUEUE_SORTS = {
  deadline: {
    label: "Time left (least first)",
    orderBy: [{ captureBefore: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  },
  oldest: { label: "Age (oldest first)", orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  newest: { label: "Age (newest first)", orderBy: [{ createdAt: "desc" }, { id: "asc" }] },
  amount: { label: "Amount (largest first)", orderBy: [{ totalCents: "desc" }, { createdAt: "asc" }, { id: "asc" }] },
  score: {
    label: "Risk score (highest first)",
    orderBy: [{ riskScore: { sort: "desc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
  },
} as const satisfies Record<string, { label: string; orderBy: Prisma.OrderOrderByWithRelationInput[] }>;
type QueueSort = keyof typeof QUEUE_SORTS;
const SORT_IDS = Object.keys(QUEUE_SORTS) as [QueueSort, ...QueueSort[]];

export const RISK_BANDS = ["low", "elevated", "high"] as const;
export const ASSIGNMENTS = { me: "Assigned to me", free: "Not taken" } as const;

const queueFilterSchema = z.object({
  rule: z.enum(RULE_IDS).optional().catch(undefined),
  status: z.enum(REVIEW_STATUSES).catch("HELD").default("HELD"),
  band: z.enum(RISK_BANDS).optional().catch(undefined),
  assigned: z.enum(["me", "free"]).optional().catch(undefined),
  sort: z.enum(SORT_IDS).catch("deadline").default("deadline"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

// The bands of lib/admin/evidence.ts (riskBand) as conditions: no score counts as low.
const BAND_WHERE: Record<(typeof RISK_BANDS)[number], Prisma.OrderWhereInput> = {
  low: { OR: [{ riskScore: null }, { riskScore: { lt: BAND_LIMITS.elevated } }] },
  elevated: { riskScore: { gte: BAND_LIMITS.elevated, lt: BAND_LIMITS.high } },
  high: { riskScore: { gte: BAND_LIMITS.high } },
};

/** The query string of a queue filter (defaults left out), for links that keep it. */
export function queueSearch(filter: QueueFilter, page = filter.page): string {
  const { rule, status, band, assigned, sort } = filter;
  return new URLSearchParams({
    status,
    ...(rule ? { rule } : {}),
    ...(band ? { band } : {}),
    ...(assigned ? { assigned } : {}),
    ...(sort !== "deadline" ? { sort } : {}),
    page: String(page),
  }).toString();
}

export async function listQueue(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now = new Date() }: { now?: Date } = {},
) {
  const staff = requirePermission(actor, "orders.view");
  const filter = parseInput(queueFilterSchema, input);
  const lapsed = new Date(now.getTime() - REVIEW_CLAIM_MINUTES * 60_000);
  const assigned: Record<"me" | "free", Prisma.OrderWhereInput> = {
    me: { reviewerId: staff.id, reviewClaimedAt: { gt: lapsed } },
    free: { OR: [{ reviewerId: null }, { reviewClaimedAt: null }, { reviewClaimedAt: { lte: lapsed } }] },
  };
  const where: Prisma.OrderWhereInput = {
    status: filter.status,
    AND: [
      ...(filter.rule ? [{ fraudChecks: { some: { rule: filter.rule } } }] : []),
      ...(filter.band ? [BAND_WHERE[filter.band]] : []),
      ...(filter.assigned ? [assigned[filter.assigned]] : []),
    ],
  };
  const [total, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: [...QUEUE_SORTS[filter.sort].orderBy],
      skip: (filter.page - 1) * QUEUE_PAGE_SIZE,
      take: QUEUE_PAGE_SIZE,
      select: {
        id: true,
        reference: true,
        email: true,
        status: true,
        totalCents: true,
        currency: true,
        riskScore: true,
        captureBefore: true,
        heldAt: true,
        decisionError: true,
        createdAt: true,
        reviewClaimedAt: true,
        reviewer: { select: { id: true, name: true } },
        fraudChecks: { select: { rule: true, action: true }, orderBy: { points: "desc" } },
      },
    }),
  ]);
  return {
    filter,
    total,
    pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
    rows: rows.map((r) => withOrderStatus(r)),
  };
}

/** "2d 5h left", "45m left", or "lapsed" for an authorization's capture deadline. */
export function timeLeft(captureBefore: Date | null, now: Date): { label: string; urgent: boolean } {
  if (!captureBefore) return { label: "unknown", urgent: true };
  const ms = captureBefore.getTime() - now.getTime();
  if (ms <= 0) return { label: "lapsed", urgent: true };
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const label =
    days > 0 ? `${days}d ${hours}h left` : hours > 0 ? `${hours}h ${minutes % 60}m left` : `${minutes}m left`;
  return { label, urgent: ms < 24 * 3_600_000 };
}

/** "5m ago", "3h ago", "2d ago": how long an order has been waiting. */
export function ageLabel(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m ago`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ago`;
  return `${Math.floor(minutes / 1440)}d ago`;
}
