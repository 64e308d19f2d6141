import "server-only";
import { requireStaff, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { retryDelayMs } from "./deliver";

// Reading alerts: the dashboard's inbox and badge, and the security center's "did the last
// alert get out?" check. Permission checks for the pages live in lib/admin; marking an alert
// read is a change, so it checks its actor here too.

const ALERTS_PAGE_SIZE = 25;

export async function unreadAlertCount(db: Db): Promise<number> {
  return db.alert.count({ where: { readAt: null } });
}

/** One page of alerts, newest first, with their order reference and delivery states. */
export async function listAlerts(db: Db, { page, unreadOnly = false }: { page: number; unreadOnly?: boolean }) {
  const current = Math.max(1, Math.floor(page));
  const where = unreadOnly ? { readAt: null } : {};
  const [total, rows] = await Promise.all([
    db.alert.count({ where }),
    db.alert.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * ALERTS_PAGE_SIZE,
      take: ALERTS_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        rule: true,
        message: true,
        evidence: true,
        createdAt: true,
        readAt: true,
        orderId: true,
        order: { select: { reference: true } },
        deliveries: {
          select: { channel: true, status: true, attempts: true, lastError: true, deliveredAt: true },
          orderBy: { channel: "asc" },
        },
      },
    }),
  ]);
  return { page: current, pages: Math.max(1, Math.ceil(total / ALERTS_PAGE_SIZE)), total, rows };
}

/** Marks an alert read by a staff member (2FA on). Returns false when it was already read. */
export async function markAlertRead(db: Db, actor: Actor | null, alertId: string): Promise<boolean> {
  const staff = requireStaff(actor);
  const { count } = await db.alert.updateMany({
    where: { id: alertId, readAt: null },
    data: { readAt: new Date(), readById: staff.id },
  });
  if (count === 1) return true;
  if (!(await db.alert.findUnique({ where: { id: alertId }, select: { id: true } }))) throw notFound("That alert");
  return false;
}

export type LastAlertDelivery = { ok: boolean; at: Date; channel: "email" | "webhook"; error?: string };

/**
 * The outcome of the most recent alert that was attempted: a failure on any of its channels
 * wins over a success on another. null when no alert has been attempted yet.
 */
export async function lastAlertDelivery(db: Db): Promise<LastAlertDelivery | null> {
  const newest = await db.alertDelivery.findFirst({
    where: { attempts: { gt: 0 } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { alertId: true },
  });
  if (!newest) return null;
  const rows = await db.alertDelivery.findMany({
    where: { alertId: newest.alertId, attempts: { gt: 0 } },
    orderBy: { channel: "asc" },
  });
  const failing = rows.find((r) => r.status !== "DELIVERED" && r.lastError !== null);
  const row = failing ?? rows.find((r) => r.status === "DELIVERED") ?? rows[0]!;
  const channel = row.channel === "WEBHOOK" ? "webhook" : "email";
  if (row.status === "DELIVERED") return { ok: true, at: row.deliveredAt ?? row.createdAt, channel };
  // No column records the attempt time: a FAILED row keeps it in nextAttemptAt, a PENDING one
  // scheduled its retry retryDelayMs(attempts) after it.
  const at =
    row.status === "FAILED" ? row.nextAttemptAt : new Date(row.nextAttemptAt.getTime() - retryDelayMs(row.attempts));
  return { ok: false, at, channel, ...(row.lastError ? { error: row.lastError } : {}) };
}
