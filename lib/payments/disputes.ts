import "server-only";
import type Stripe from "stripe";
import { raiseAlert, type AlertDeps } from "@/lib/alerts";
import { appendAudit } from "@/lib/audit/log";
import type { Db } from "@/lib/db";
import { formatMoney } from "@/lib/catalog/format";

// Disputes (chargebacks) as Stripe reports them. Events may arrive in any order and more than
// once: whichever event first tells us about a dispute creates its row and raises the one
// DISPUTE alert; later events only move a dispute that is still open; the close is recorded once.

const CLOSED = ["won", "lost", "warning_closed"];

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function orderOf(db: Db, dispute: Stripe.Dispute): Promise<string | null> {
  const charge = idOf(dispute.charge);
  const pi = idOf(dispute.payment_intent);
  const payment = await db.payment.findFirst({
    where: { OR: [...(charge ? [{ chargeId: charge }] : []), ...(pi ? [{ paymentIntentId: pi }] : [])] },
    select: { orderId: true },
  });
  if (payment) return payment.orderId;
  const fromMetadata = dispute.metadata?.orderId;
  if (!fromMetadata) return null;
  return (await db.order.findUnique({ where: { id: fromMetadata }, select: { id: true } }))?.id ?? null;
}

/** Records what Stripe says about a dispute; returns what changed, for the webhook log. */
export async function applyDispute(db: Db, dispute: Stripe.Dispute, alertDeps?: AlertDeps): Promise<string> {
  const orderId = await orderOf(db, dispute);
  if (!orderId) return "ignored: dispute for an unknown charge";
  const closed = CLOSED.includes(dispute.status);
  const fields = {
    amountCents: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason,
    status: dispute.status,
    evidenceDueBy: dispute.evidence_details?.due_by ? new Date(dispute.evidence_details.due_by * 1000) : null,
  };
  let created = false;
  try {
    await db.dispute.create({ data: { id: dispute.id, orderId, chargeId: idOf(dispute.charge) ?? "", ...fields, closedAt: closed ? new Date() : null } });
    created = true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  if (created) {
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { reference: true } });
    try {
      await raiseAlert(
        db,
        {
          kind: "DISPUTE",
          orderId,
          message: `The customer disputed order ${order.reference} (${formatMoney(dispute.amount, dispute.currency)}, reason: ${dispute.reason.replaceAll("_", " ")}). Respond before the evidence deadline.`,
          evidence: { disputeId: dispute.id, amountCents: dispute.amount, currency: dispute.currency, reason: dispute.reason, status: dispute.status, evidenceDueBy: fields.evidenceDueBy?.toISOString() ?? null },
        },
        alertDeps,
      );
    } catch (error) {
      // No alert was recorded: forget the row so the provider's retry creates it and alerts.
      await db.dispute.deleteMany({ where: { id: dispute.id } });
      throw error;
    }
    await appendAudit(db, { actor: null, action: "dispute.opened", target: `order:${orderId}`, detail: { disputeId: dispute.id, amountCents: dispute.amount, reason: dispute.reason, status: dispute.status } });
    if (closed) await appendAudit(db, { actor: null, action: "dispute.closed", target: `order:${orderId}`, detail: { disputeId: dispute.id, outcome: dispute.status, amountCents: dispute.amount } });
    return closed ? "dispute recorded (already closed)" : "dispute opened";
  }
  if (closed) {
    // Only the first report of the outcome closes it: the audit entry is written once.
    const { count } = await db.dispute.updateMany({ where: { id: dispute.id, closedAt: null }, data: { ...fields, closedAt: new Date() } });
    if (count !== 1) return "already-handled";
    await appendAudit(db, { actor: null, action: "dispute.closed", target: `order:${orderId}`, detail: { disputeId: dispute.id, outcome: dispute.status, amountCents: dispute.amount } });
    return `dispute ${dispute.status}`;
  }
  // A late "created" or "updated" never reopens a closed dispute.
  const { count } = await db.dispute.updateMany({ where: { id: dispute.id, closedAt: null }, data: fields });
  return count === 1 ? "dispute updated" : "already-handled";
}
