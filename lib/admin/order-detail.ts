import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { effectiveRules } from "@/lib/fraud/settings";
import { isRefundable, withOrderStatus } from "@/lib/orders/status";
import { countsAgainstCapture } from "@/lib/payments/refund-status";
import { parseLines, quantitiesByLine } from "@/lib/payments/refunds";
import { parseInput } from "@/lib/validation";
import { countriesSideBySide, scoreBreakdown, signalChecklist } from "./evidence";
import { attemptsForReview } from "./payment-attempts";
import { reviewerSignals } from "./reviewer-signals";

// Everything a reviewer reads before deciding on an order. Card facts are limited to what the
// Payment and PaymentAttempt rows hold (brand, last 4, issuing country, fingerprint, cardholder,
// check results): never more.

const idSchema = z.object({ orderId: z.string().trim().min(1).max(64) });
const RELATED = 20;

const related = { id: true, reference: true, status: true, totalCents: true, currency: true, createdAt: true } as const;

export async function orderForReview(db: Db, actor: Actor | null, input: unknown) {
  requirePermission(actor, "orders.view");
  const { orderId } = parseInput(idSchema, input);
  const order = await db.order.findUnique({
    where: { id: orderId },
    include: {
      items: { select: { id: true, name: true, sku: true, unitPriceCents: true, quantity: true, taxCents: true } },
      user: { select: { id: true, name: true, email: true, signupCountry: true, createdAt: true } },
      payment: {
        select: {
          status: true,
          amountAuthorized: true,
          amountCaptured: true,
          amountRefunded: true,
          cardBrand: true,
          cardLast4: true,
          cardCountry: true,
          cardFingerprint: true,
          cardholderName: true,
          billingEmail: true,
          billingPhone: true,
          billingLine1: true,
          billingLine2: true,
          billingCity: true,
          billingPostal: true,
          billingCountry: true,
        },
      },
      fraudChecks: {
        orderBy: { points: "desc" },
        select: { id: true, rule: true, action: true, message: true, evidence: true, points: true },
      },
      decisions: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          decision: true,
          reason: true,
          note: true,
          staffId: true,
          outcome: true,
          error: true,
          createdAt: true,
        },
      },
      refunds: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          amountCents: true,
          taxCents: true,
          shippingCents: true,
          reason: true,
          status: true,
          restock: true,
          lines: true,
          error: true,
          staffId: true,
          createdAt: true,
        },
      },
      disputes: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          amountCents: true,
          currency: true,
          reason: true,
          status: true,
          evidenceDueBy: true,
          createdAt: true,
          closedAt: true,
        },
      },
    },
  });
  if (!order) throw new AppError("NOT_FOUND", "That order could not be found.");
  const fingerprint = order.payment?.cardFingerprint ?? null;
  const [customerOrders, cardOrders, staff, attempts, rules] = await Promise.all([
    db.order.findMany({
      where: {
        id: { not: order.id },
        OR: [{ email: order.email }, ...(order.userId ? [{ userId: order.userId }] : [])],
      },
      orderBy: { createdAt: "desc" },
      take: RELATED,
      select: related,
    }),
    fingerprint
      ? db.order.findMany({
          where: { id: { not: order.id }, payment: { cardFingerprint: fingerprint } },
          orderBy: { createdAt: "desc" },
          take: RELATED,
          select: { ...related, email: true },
        })
      : Promise.resolve([]),
    db.user.findMany({
      where: {
        id: {
          in: [...order.decisions, ...order.refunds].map((d) => d.staffId).filter((id): id is string => id !== null),
        },
      },
      select: { id: true, email: true },
    }),
    attemptsForReview(db, {
      id: order.id,
      userId: order.userId,
      email: order.email,
      createdAt: order.createdAt,
      cardFingerprint: fingerprint,
    }),
    effectiveRules(db),
  ]);
  const signalsForReviewer = await reviewerSignals(db, { ...order, cardFingerprint: fingerprint }, attempts);
  const fraudChecks = order.fraudChecks.map((c) => ({ ...c, evidence: parseEvidence(c.evidence) }));
  const evidenceInput = {
    ...order,
    fraudChecks,
    enabledRules: new Set(rules.filter((r) => r.enabled).map((r) => r.id)),
  };
  const staffEmail = new Map(staff.map((s) => [s.id, s.email]));
  return {
    ...withOrderStatus(order),
    fraudChecks,
    signals: signalChecklist(evidenceInput),
    score: scoreBreakdown(evidenceInput),
    countries: countriesSideBySide(evidenceInput),
    reviewerSignals: signalsForReviewer,
    decisions: order.decisions.map((d) => ({
      ...d,
      staffEmail: d.staffId ? (staffEmail.get(d.staffId) ?? "a former staff member") : "the system",
    })),
    refunds: order.refunds.map((r) => ({
      ...r,
      lines: parseLines(r.lines),
      staffEmail: r.staffId ? (staffEmail.get(r.staffId) ?? "a former staff member") : "the system",
    })),
    refundable: refundableOf(order),
    customerOrders: customerOrders.map((o) => withOrderStatus(o)),
    cardOrders: cardOrders.map((o) => withOrderStatus(o)),
    attempts,
  };
}

/** Captured minus every refund made or under way, and how much of each line is still refundable. */
function refundableOf(order: {
  status: string;
  payment: { amountCaptured: number } | null;
  refunds: Array<{ amountCents: number; status: string; lines: string | null }>;
  items: Array<{ id: string; quantity: number }>;
}) {
  const counted = order.refunds.filter((r) => countsAgainstCapture(r.status));
  const cents = Math.max(0, (order.payment?.amountCaptured ?? 0) - counted.reduce((sum, r) => sum + r.amountCents, 0));
  const done = quantitiesByLine(counted);
  const open = isRefundable(order.status) && cents > 0;
  return {
    open,
    cents,
    lines: Object.fromEntries(order.items.map((i) => [i.id, Math.max(0, i.quantity - (done.get(i.id) ?? 0))])),
  };
}

export type OrderForReview = Awaited<ReturnType<typeof orderForReview>>;

function parseEvidence(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return {};
  }
}
