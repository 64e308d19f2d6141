import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { REVIEW_STATUSES, withOrderStatus } from "@/lib/orders/status";
import { RULE_IDS } from "@/lib/fraud/rules";
import { parseInput } from "@/lib/validation";

// The review queue: held orders, the authorization that lapses first on top.

export const QUEUE_PAGE_SIZE = 25;

export const queueFilterSchema = z.object({
  rule: z.enum(RULE_IDS).optional().catch(undefined),
  status: z.enum(REVIEW_STATUSES).catch("HELD").default("HELD"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export async function listQueue(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "orders.view");
  const filter = parseInput(queueFilterSchema, input);
  const where = { status: filter.status, ...(filter.rule ? { fraudChecks: { some: { rule: filter.rule } } } : {}) };
  const [total, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: [{ captureBefore: "asc" }, { createdAt: "asc" }],
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
        fraudChecks: { select: { rule: true, action: true }, orderBy: { points: "desc" } },
      },
    }),
  ]);
  return { filter, total, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), rows: rows.map((r) => withOrderStatus(r)) };
}

/** "2d 5h left", "45m left", or "lapsed" for an authorization's capture deadline. */
export function timeLeft(captureBefore: Date | null, now: Date): { label: string; urgent: boolean } {
  if (!captureBefore) return { label: "unknown", urgent: true };
  const ms = captureBefore.getTime() - now.getTime();
  if (ms <= 0) return { label: "lapsed", urgent: true };
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const label = days > 0 ? `${days}d ${hours}h left` : hours > 0 ? `${hours}h ${minutes % 60}m left` : `${minutes}m left`;
  return { label, urgent: ms < 24 * 3_600_000 };
}
