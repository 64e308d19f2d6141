import "server-only";
import type Stripe from "stripe";
import { deliverAlert, recordAlert, type AlertDeps } from "@/lib/alerts";
import { appendAudit } from "@/lib/audit/log";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { formatMoney } from "@/lib/catalog/format";
import { disputeStatus } from "./dispute-status";
import { disputeIsClosed, disputePhase } from "./stripe-enums";

// Disputes (chargebacks) as Stripe reports them. Events may arrive in any order and more than
// once: whichever event first tells us about a dispute creates its row and raises the one
// DISPUTE alert; later events only move a dispute that is still open; the close is recorded once.

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
  // A status this store does not know fails the delivery (the provider retries it) rather than
  // being stored unchecked or dropped: a dispute is money at stake.
  if (!disputeStatus.is(dispute.status))
    throw new Error(`Dispute ${dispute.id} has a status this store does not know: ${dispute.status}`);
  const status = dispute.status;
  const orderId = await orderOf(db, dispute);
  if (!orderId) return "ignored: dispute for an unknown charge";
  const closed = disputeIsClosed(status);
  const fields = {
    amountCents: dispute.amount,
    currency: dispute.currency,
    reason: dispute.reason,
    status,
    evidenceDueBy: dispute.evidence_details?.due_by ? new Date(dispute.evidence_details.due_by * 1000) : null,
  };
  const opened = {
    actor: null,
    action: "dispute.opened",
    target: `order:${orderId}`,
    detail: { disputeId: dispute.id, amountCents: dispute.amount, reason: dispute.reason, status },
  };
  const closing = {
    actor: null,
    action: "dispute.closed",
    target: `order:${orderId}`,
    detail: { disputeId: dispute.id, outcome: status, amountCents: dispute.amount },
  };

  // The first report creates the row, its one DISPUTE alert and its audit entries in one
  // transaction; the alert is sent after the commit.
  let alertId: string | null = null;
  try {
    alertId = await inTransaction(db, async (tx) => {
      await tx.dispute.create({
        data: {
          id: dispute.id,
          orderId,
          chargeId: idOf(dispute.charge) ?? "",
          ...fields,
          closedAt: closed ? new Date() : null,
        },
      });
      const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { reference: true } });
      const alert = await recordAlert(
        tx,
        {
          kind: "DISPUTE",
          orderId,
          message: `The customer disputed order ${order.reference} (${formatMoney(dispute.amount, dispute.currency)}, reason: ${dispute.reason.replaceAll("_", " ")}). Respond before the evidence deadline.`,
          evidence: {
            disputeId: dispute.id,
            amountCents: dispute.amount,
            currency: dispute.currency,
            reason: dispute.reason,
            status,
            evidenceDueBy: fields.evidenceDueBy?.toISOString() ?? null,
          },
        },
        alertDeps,
      );
      await appendAudit(tx, opened);
      if (closed) await appendAudit(tx, closing);
      return alert.id;
    });
  } catch (error) {
    // Another delivery recorded it first (and rolled nothing of ours in): move it below.
    if (!isUniqueViolation(error)) throw error;
  }
  if (alertId) {
    await deliverAlert(db, alertId, alertDeps);
    return closed ? "dispute recorded (already closed)" : "dispute opened";
  }

  // An appeal reopens a lost dispute (once: the entry is written with the move); its outcome
  // closes it again below, with a second close entry.
  if (disputePhase(status) === "appeal") {
    const appeal = disputeStatus.move("lost", status);
    const reopened = await inTransaction(db, async (tx) => {
      const { count } = await tx.dispute.updateMany({
        where: { id: dispute.id, ...appeal.where },
        data: { ...fields, closedAt: null },
      });
      if (count === 1)
        await appendAudit(tx, {
          actor: null,
          action: "dispute.appealed",
          target: `order:${orderId}`,
          detail: { disputeId: dispute.id, status, amountCents: dispute.amount },
        });
      return count === 1;
    });
    if (reopened) return "dispute appealed";
  }

  // Later reports move a dispute that is still open; a closed one never reopens.
  const move = disputeStatus.move(disputeStatus.allowedFrom(status), status);
  const where = { id: dispute.id, closedAt: null, ...move.where };
  if (closed) {
    // Only the first report of the outcome closes it: the audit entry is written once, with it.
    const done = await inTransaction(db, async (tx) => {
      const { count } = await tx.dispute.updateMany({ where, data: { ...fields, closedAt: new Date() } });
      if (count === 1) await appendAudit(tx, closing);
      return count === 1;
    });
    return done ? `dispute ${status}` : "already-handled";
  }
  const { count } = await db.dispute.updateMany({ where, data: fields });
  return count === 1 ? "dispute updated" : "already-handled";
}
