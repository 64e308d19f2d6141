import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { ORDER_STATUSES, withOrderStatus } from "@/lib/orders/status";
import { parseInput } from "@/lib/validation";

// Every order, for staff: search by reference or email, filter by status, newest first.

export const ORDERS_PAGE_SIZE = 25;

export const orderSearchSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export async function searchOrders(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "orders.view");
  const filter = parseInput(orderSearchSchema, input);
  // References are stored upper case and emails lower case, so both compare the same way on
  // either database. Every piece is a bound parameter; LIKE wildcards (% _ \) split the query
  // into pieces instead of reaching the database (Prisma passes them on).
  const pieces = filter.q.split(/[%_\\\s]+/).filter(Boolean).slice(0, 5);
  const where = {
    ...(filter.status ? { status: filter.status } : {}),
    ...(pieces.length
      ? { OR: [{ AND: pieces.map((p) => ({ reference: { contains: p.toUpperCase() } })) }, { AND: pieces.map((p) => ({ email: { contains: p.toLowerCase() } })) }] }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (filter.page - 1) * ORDERS_PAGE_SIZE,
      take: ORDERS_PAGE_SIZE,
      select: { id: true, reference: true, email: true, status: true, totalCents: true, currency: true, riskScore: true, createdAt: true },
    }),
  ]);
  return { filter, total, pages: Math.max(1, Math.ceil(total / ORDERS_PAGE_SIZE)), rows: rows.map((r) => withOrderStatus(r)) };
}
