import "server-only";
import { z } from "zod";
import { markAlertRead, unreadAlertCount } from "@/lib/alerts";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { parseInput } from "@/lib/validation";

// The alerts inbox for staff (lib/alerts stores and delivers them); the permission is checked here.

const listSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  unread: z.enum(["1"]).optional().catch(undefined),
});

const ALERTS_PAGE_SIZE = 25;

/** Alerts for the inbox page: unread first, then newest first. */
export async function alertsForStaff(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "alerts.view");
  const { page, unread } = parseInput(listSchema, input);
  const where = unread === "1" ? { readAt: null } : {};
  const [total, unreadRows] = await Promise.all([
    db.alert.count({ where }),
    db.alert.count({ where: { readAt: null } }),
  ]);
  // Two ordered slices (unread, then read) make "unread first" portable across both databases.
  const skip = (page - 1) * ALERTS_PAGE_SIZE;
  const select = {
    id: true,
    kind: true,
    rule: true,
    message: true,
    createdAt: true,
    readAt: true,
    order: { select: { id: true, reference: true } },
  } as const;
  const fromUnread =
    skip < unreadRows
      ? await db.alert.findMany({
          where: { readAt: null },
          orderBy: { createdAt: "desc" },
          skip,
          take: ALERTS_PAGE_SIZE,
          select,
        })
      : [];
  const rest = ALERTS_PAGE_SIZE - fromUnread.length;
  const fromRead =
    unread === "1" || rest === 0
      ? []
      : await db.alert.findMany({
          where: { readAt: { not: null } },
          orderBy: { createdAt: "desc" },
          skip: Math.max(0, skip - unreadRows),
          take: rest,
          select,
        });
  return {
    page,
    unreadOnly: unread === "1",
    total,
    unread: unreadRows,
    pages: Math.max(1, Math.ceil(total / ALERTS_PAGE_SIZE)),
    rows: [...fromUnread, ...fromRead],
  };
}

export async function unreadAlertsFor(db: Db, actor: Actor | null): Promise<number> {
  requirePermission(actor, "alerts.view");
  return unreadAlertCount(db);
}

const readSchema = z.object({ alertId: z.string().trim().min(1).max(64) });

export async function markRead(db: Db, actor: Actor | null, input: unknown): Promise<void> {
  const staff = requirePermission(actor, "alerts.view");
  const { alertId } = parseInput(readSchema, input);
  await markAlertRead(db, staff, alertId);
}

const orderReadSchema = z.object({ orderId: z.string().trim().min(1).max(64) });

/** Marks every unread alert of one order as read at once; returns how many changed. */
export async function markOrderAlertsRead(db: Db, actor: Actor | null, input: unknown): Promise<number> {
  const staff = requirePermission(actor, "alerts.view");
  const { orderId } = parseInput(orderReadSchema, input);
  const { count } = await db.alert.updateMany({
    where: { orderId, readAt: null },
    data: { readAt: new Date(), readById: staff.id },
  });
  return count;
}

type AlertRow = Awaited<ReturnType<typeof alertsForStaff>>["rows"][number];
export type AlertGroup = { key: string; order: AlertRow["order"]; alerts: AlertRow[]; unread: number };

/**
 * The page's alerts grouped by order, in the order each group first appears (so unread first):
 * one held order with four fired rules is one entry to read and mark read, not four.
 */
export function groupAlertsByOrder(rows: AlertRow[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const row of rows) {
    const key = row.order ? `order:${row.order.id}` : `alert:${row.id}`;
    const group = groups.get(key) ?? { key, order: row.order, alerts: [], unread: 0 };
    group.alerts.push(row);
    if (!row.readAt) group.unread += 1;
    groups.set(key, group);
  }
  return [...groups.values()];
}
