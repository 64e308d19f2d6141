import "server-only";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";

// Orders and alerts per day over the last 14 days, for the dashboard chart. Bucketed in UTC in
// JavaScript so SQLite and PostgreSQL give the same answer without date SQL.

const CHART_DAYS = 14;
const DAY_MS = 86_400_000;

export type DayCount = { day: string; orders: number; alerts: number };

export async function dailyActivity(db: Db, actor: Actor | null, now: Date = new Date()): Promise<DayCount[]> {
  requirePermission(actor, "orders.view");
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (CHART_DAYS - 1) * DAY_MS);
  const [orders, alerts] = await Promise.all([
    db.order.findMany({ where: { createdAt: { gte: since } }, select: { createdAt: true } }),
    db.alert.findMany({ where: { createdAt: { gte: since } }, select: { createdAt: true } }),
  ]);
  const days: DayCount[] = Array.from({ length: CHART_DAYS }, (_, i) => ({
    day: new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    orders: 0,
    alerts: 0,
  }));
  const index = (d: Date) => Math.floor((d.getTime() - since.getTime()) / DAY_MS);
  for (const o of orders) {
    const day = days[index(o.createdAt)];
    if (day) day.orders++;
  }
  for (const a of alerts) {
    const day = days[index(a.createdAt)];
    if (day) day.alerts++;
  }
  return days;
}
