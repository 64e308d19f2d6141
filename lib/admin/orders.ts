import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { formatMoney } from "@/lib/catalog/format";
import { ORDER_STATUSES, staffLabel, withOrderStatus } from "@/lib/orders/status";
import { parseInput } from "@/lib/validation";
import { csvRow } from "./csv";

// Every order, for staff: search by reference or email, filter by status, newest first.

const ORDERS_PAGE_SIZE = 25;

const orderSearchSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  status: z.enum(ORDER_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

type OrderSearch = z.infer<typeof orderSearchSchema>;

function searchWhere(filter: OrderSearch) {
  // References are stored upper case and emails lower case, so both compare the same way on
  // either database. Every piece is a bound parameter; LIKE wildcards (% _ \) split the query
  // into pieces instead of reaching the database (Prisma passes them on).
  const pieces = filter.q
    .split(/[%_\\\s]+/)
    .filter(Boolean)
    .slice(0, 5);
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(pieces.length
      ? {
          OR: [
            { AND: pieces.map((p) => ({ reference: { contains: p.toUpperCase() } })) },
            { AND: pieces.map((p) => ({ email: { contains: p.toLowerCase() } })) },
          ],
        }
      : {}),
  };
}

export async function searchOrders(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "orders.view");
  const filter = parseInput(orderSearchSchema, input);
  const where = searchWhere(filter);
  const [total, rows] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (filter.page - 1) * ORDERS_PAGE_SIZE,
      take: ORDERS_PAGE_SIZE,
      select: {
        id: true,
        reference: true,
        email: true,
        status: true,
        totalCents: true,
        currency: true,
        riskScore: true,
        createdAt: true,
      },
    }),
  ]);
  return {
    filter,
    total,
    pages: Math.max(1, Math.ceil(total / ORDERS_PAGE_SIZE)),
    rows: rows.map((r) => withOrderStatus(r)),
  };
}

/** The most rows one export holds (newest first); a larger list is narrowed by its filter first. */
const EXPORT_MAX_ROWS = 50_000;
const EXPORT_BATCH = 1_000;

const EXPORT_COLUMNS = [
  "Reference",
  "Placed (UTC)",
  "Email",
  "Status",
  "Total",
  "Currency",
  "Total (minor units)",
  "Risk score",
  "Shipping name",
  "Shipping country",
  "Order from country",
];

/**
 * The order list as CSV, with the same filter as the list page (q, status; the page number is
 * ignored): every matching order, newest first, at most EXPORT_MAX_ROWS. Audited, since it
 * hands customer data out of the dashboard.
 */
export async function exportOrdersCsv(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now, ip }: { now: Date; ip?: string },
): Promise<{ filename: string; csv: string; rows: number }> {
  const staff = requirePermission(actor, "orders.view");
  const filter = parseInput(orderSearchSchema, input);
  const where = searchWhere(filter);
  const lines = [csvRow(EXPORT_COLUMNS)];
  let cursor: string | undefined;
  while (lines.length - 1 < EXPORT_MAX_ROWS) {
    const batch = await db.order.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: Math.min(EXPORT_BATCH, EXPORT_MAX_ROWS - (lines.length - 1)),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        reference: true,
        email: true,
        status: true,
        totalCents: true,
        currency: true,
        riskScore: true,
        createdAt: true,
        shippingName: true,
        shippingCountry: true,
        ipCountry: true,
      },
    });
    for (const o of batch.map((r) => withOrderStatus(r))) {
      lines.push(
        csvRow([
          o.reference,
          o.createdAt.toISOString(),
          o.email,
          staffLabel(o.status),
          formatMoney(o.totalCents, o.currency),
          o.currency.toUpperCase(),
          o.totalCents,
          o.riskScore,
          o.shippingName,
          o.shippingCountry,
          o.ipCountry,
        ]),
      );
    }
    if (batch.length < EXPORT_BATCH) break;
    cursor = batch.at(-1)!.id;
  }
  const rows = lines.length - 1;
  await appendAudit(db, {
    actor: { id: staff.id, email: staff.email },
    action: "orders.export",
    target: "orders",
    detail: { q: filter.q, status: filter.status ?? null, rows },
    ip,
  });
  return { filename: `orders-${now.toISOString().slice(0, 10)}.csv`, csv: lines.join(""), rows };
}
