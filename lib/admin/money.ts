import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import type { OrderStatus } from "@/lib/orders/status";
import { isOpenDispute } from "@/lib/payments/dispute-status";
import type { RefundStatus } from "@/lib/payments/refund-status";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// Money in and out for a period, for the /admin/money dashboard, and the disputes list. Sums are
// taken in JavaScript from indexed range queries so SQLite and PostgreSQL give the same answer.
//   captured  – payments taken (Payment.amountCaptured), by the day the order was paid;
//   refunded  – refunds Stripe confirmed (Refund SUCCEEDED), by the day they were confirmed;
//   held      – authorizations not captured yet (orders HELD now), by the day they were placed;
//   disputed  – disputes opened in the period, whatever their outcome.

const DAY_MS = 86_400_000;
const MAX_PERIOD_DAYS = 366;

const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD.")
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "Enter a real date.",
  );

const periodSchema = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: "The start date must not be after the end date.", path: ["from"] })
  .refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / DAY_MS < MAX_PERIOD_DAYS, {
    message: `Choose at most ${MAX_PERIOD_DAYS} days.`,
    path: ["to"],
  });

export type MoneyDay = { day: string; captured: number; refunded: number };
export type MoneySummary = {
  from: string;
  to: string;
  currency: string;
  captured: number;
  refunded: number;
  held: number;
  disputed: number;
  disputes: number;
  days: MoneyDay[];
};

/** The last 30 days, ending today (UTC). */
export function defaultPeriod(now: Date = new Date()): { from: string; to: string } {
  const to = now.toISOString().slice(0, 10);
  return { from: new Date(now.getTime() - 29 * DAY_MS).toISOString().slice(0, 10), to };
}

export async function moneySummary(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now = new Date() }: { now?: Date } = {},
): Promise<MoneySummary> {
  requirePermission(actor, "money.view");
  const raw = (input ?? {}) as Record<string, unknown>;
  const fallback = defaultPeriod(now);
  const { from, to } = parseInput(periodSchema, { from: raw.from || fallback.from, to: raw.to || fallback.to });
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  const range = { gte: start, lt: end };
  const [paid, refunds, held, disputes] = await Promise.all([
    db.order.findMany({
      where: { paidAt: range },
      select: { paidAt: true, currency: true, payment: { select: { amountCaptured: true } } },
    }),
    db.refund.findMany({
      where: { status: "SUCCEEDED" satisfies RefundStatus, updatedAt: range },
      select: { updatedAt: true, amountCents: true },
    }),
    db.order.findMany({
      where: { status: "HELD" satisfies OrderStatus, createdAt: range },
      select: { payment: { select: { amountAuthorized: true } } },
    }),
    db.dispute.findMany({ where: { createdAt: range }, select: { amountCents: true } }),
  ]);
  const count = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  const days: MoneyDay[] = Array.from({ length: count }, (_, i) => ({
    day: new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    captured: 0,
    refunded: 0,
  }));
  const bucket = (d: Date) => days[Math.floor((d.getTime() - start.getTime()) / DAY_MS)];
  let captured = 0;
  for (const o of paid) {
    const cents = o.payment?.amountCaptured ?? 0;
    captured += cents;
    const b = o.paidAt ? bucket(o.paidAt) : undefined;
    if (b) b.captured += cents;
  }
  let refunded = 0;
  for (const r of refunds) {
    refunded += r.amountCents;
    const b = bucket(r.updatedAt);
    if (b) b.refunded += r.amountCents;
  }
  return {
    from,
    to,
    // The store sells in one currency; a mixed-currency fork would split these sums by currency.
    currency: paid[0]?.currency ?? "usd",
    captured,
    refunded,
    held: held.reduce((sum, o) => sum + (o.payment?.amountAuthorized ?? 0), 0),
    disputed: disputes.reduce((sum, d) => sum + d.amountCents, 0),
    disputes: disputes.length,
    days,
  };
}

const DISPUTES_PAGE_SIZE = 50;

/** Disputes, open ones first (they have a deadline), then newest. */
export async function listDisputes(db: Db, actor: Actor | null) {
  requirePermission(actor, "disputes.view");
  const rows = await db.dispute.findMany({
    orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: DISPUTES_PAGE_SIZE,
    select: {
      id: true,
      amountCents: true,
      currency: true,
      reason: true,
      status: true,
      evidenceDueBy: true,
      createdAt: true,
      closedAt: true,
      order: { select: { id: true, reference: true } },
    },
  });
  return rows.map((r) => ({ ...r, open: r.closedAt === null && isOpenDispute(r.status) }));
}

/**
 * Turns the refund form into refundOrder's input: an amount typed in major units ("12.50",
 * parsed without floating point) or a quantity per order line (`qty.<orderItemId>`).
 */
export function refundFormInput(form: Record<string, string>): Record<string, unknown> {
  const base = { orderId: form.orderId, reason: form.reason, restock: form.restock === "on" };
  if (form.mode === "lines") {
    const lines = Object.entries(form)
      .filter(([k]) => k.startsWith("qty."))
      .map(([k, v]) => ({ orderItemId: k.slice(4), quantity: v.trim() === "" ? 0 : v }));
    return { ...base, lines, shipping: form.shipping === "on" };
  }
  const amount = (form.amount ?? "").trim();
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(amount);
  if (!match)
    throw new AppError("VALIDATION", "Enter the amount like 12.50.", { amount: "Enter the amount like 12.50." });
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return { ...base, amountCents: cents, restock: false };
}
