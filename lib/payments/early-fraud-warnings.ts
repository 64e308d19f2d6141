import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { deliverAlert, recordAlert, type AlertDeps } from "@/lib/alerts";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import { formatMoney } from "@/lib/catalog/format";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { addBlock, isBlocked } from "@/lib/fraud/blocklist";
import { parseInput } from "@/lib/validation";
import { refundableCents, refundOrder, type RefundOptions } from "./refunds";

// Early fraud warnings (docs/checkout-shield.md): the card issuer tells Stripe that a charge
// looks fraudulent (radar.early_fraud_warning.created), usually days before the cardholder's
// bank opens a dispute. The store records the warning on the order (the flag), alerts staff on
// every channel, and offers "refund and block this card" in one step on the order page:
// refunding a warned charge before a dispute avoids the dispute and its fee, and blocking the
// card's fingerprint stops the same stolen card from buying again.

const idOf = (v: string | { id: string } | null | undefined) => (v == null ? null : typeof v === "string" ? v : v.id);

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

const FRAUD_TYPE_LABELS: Record<string, string> = {
  card_never_received: "card never received",
  fraudulent_card_application: "fraudulent card application",
  made_with_counterfeit_card: "counterfeit card",
  made_with_lost_card: "lost card",
  made_with_stolen_card: "stolen card",
  misc: "other fraud",
  unauthorized_use_of_card: "unauthorized use of the card",
};
export const fraudTypeLabel = (type: string) => FRAUD_TYPE_LABELS[type] ?? type.replaceAll("_", " ");

async function orderOf(db: Db, warning: Stripe.Radar.EarlyFraudWarning): Promise<string | null> {
  const charge = idOf(warning.charge);
  const pi = idOf(warning.payment_intent);
  const payment = await db.payment.findFirst({
    where: { OR: [...(charge ? [{ chargeId: charge }] : []), ...(pi ? [{ paymentIntentId: pi }] : [])] },
    select: { orderId: true },
  });
  return payment?.orderId ?? null;
}

/** Records a warning once (the flag, a staff alert, an audit entry); returns what happened, for the webhook log. */
export async function applyEarlyFraudWarning(
  db: Db,
  warning: Stripe.Radar.EarlyFraudWarning,
  alertDeps?: AlertDeps,
): Promise<string> {
  const orderId = await orderOf(db, warning);
  if (!orderId) return "ignored: early fraud warning for an unknown charge";
  const fraudType = warning.fraud_type;
  let alertId: string | null = null;
  try {
    alertId = await inTransaction(db, async (tx) => {
      await tx.earlyFraudWarning.create({
        data: {
          id: warning.id,
          orderId,
          chargeId: idOf(warning.charge) ?? "",
          fraudType,
          actionable: warning.actionable,
        },
      });
      const order = await tx.order.findUniqueOrThrow({
        where: { id: orderId },
        select: { reference: true, totalCents: true, currency: true },
      });
      const alert = await recordAlert(
        tx,
        {
          kind: "EARLY_FRAUD_WARNING",
          orderId,
          rule: "early fraud warning",
          message: `The card issuer reported the payment for order ${order.reference} (${formatMoney(order.totalCents, order.currency)}) as fraud: ${fraudTypeLabel(fraudType)}. ${warning.actionable ? "Refund it and block the card from the order page before it becomes a dispute." : "Stripe says it can no longer be headed off (already disputed or refunded)."}`,
          evidence: {
            warningId: warning.id,
            fraudType,
            actionable: warning.actionable,
            chargeId: idOf(warning.charge),
          },
        },
        alertDeps,
      );
      await appendAudit(tx, {
        actor: null,
        action: "order.early_fraud_warning",
        target: `order:${orderId}`,
        detail: { warningId: warning.id, fraudType, actionable: warning.actionable },
      });
      return alert.id;
    });
  } catch (error) {
    // A redelivery, or another instance, recorded it first.
    if (isUniqueViolation(error)) return "already-handled";
    throw error;
  }
  await deliverAlert(db, alertId, alertDeps);
  return "early fraud warning recorded";
}

export type EarlyFraudWarningView = {
  id: string;
  fraudType: string;
  actionable: boolean;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByEmail: string | null;
};

/** The order's warnings, newest first (staff who may see the order). */
export async function earlyFraudWarningsOf(
  db: Db,
  actor: Actor | null,
  orderId: string,
): Promise<EarlyFraudWarningView[]> {
  requirePermission(actor, "orders.view");
  return db.earlyFraudWarning.findMany({
    where: { orderId },
    orderBy: { createdAt: "desc" },
    select: { id: true, fraudType: true, actionable: true, createdAt: true, resolvedAt: true, resolvedByEmail: true },
  });
}

const resolveSchema = z.object({
  orderId: z.string().trim().min(1, "Choose an order.").max(64, "Choose an order."),
  warningId: z
    .string()
    .trim()
    .regex(/^issfr_[A-Za-z0-9]{1,64}$/, "Choose a warning."),
});

export type RefundAndBlockResult = {
  refundedCents: number;
  currency: string;
  blocked: "added" | "already";
  refundId: string | null;
};

/**
 * "Refund and block this card": refunds what is still refundable (Stripe reason `fraudulent`),
 * adds the card's fingerprint to the block list and marks the warning resolved, in one step.
 * Needs both permissions it exercises (orders.refund and orders.decide); each part is audited by
 * its own function, and the step itself once (order.early_fraud_warning.resolved). The warning
 * is claimed first, so a double click refunds once. The refund obeys two-person control like any
 * other: above ADMIN_DUAL_CONTROL_CENTS it is refused (nothing changes) and is proposed from the
 * refund form instead.
 */
export async function refundAndBlockCard(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  { ip, dualControlCents }: RefundOptions = {},
): Promise<RefundAndBlockResult> {
  const staff = requirePermission(actor, "orders.refund");
  requirePermission(actor, "orders.decide");
  const { orderId, warningId } = parseInput(resolveSchema, input);
  const warning = await db.earlyFraudWarning.findFirst({
    where: { id: warningId, orderId },
    select: {
      id: true,
      fraudType: true,
      resolvedAt: true,
      order: { select: { reference: true, currency: true, payment: { select: { cardFingerprint: true } } } },
    },
  });
  if (!warning) throw new AppError("NOT_FOUND", "That warning could not be found on this order.");
  if (warning.resolvedAt) throw new AppError("CONFLICT", "This warning was already handled.");
  const fingerprint = warning.order.payment?.cardFingerprint ?? null;
  if (!fingerprint)
    throw new AppError(
      "CONFLICT",
      "The payment has no card fingerprint to block; refund it with the refund form and block the card from /admin/blocklist.",
    );

  const claimed = await db.earlyFraudWarning.updateMany({
    where: { id: warning.id, resolvedAt: null },
    data: { resolvedAt: new Date(), resolvedByEmail: staff.email },
  });
  if (claimed.count !== 1) throw new AppError("CONFLICT", "This warning was already handled.");
  const reason = `Early fraud warning ${warning.id}: ${fraudTypeLabel(warning.fraudType)}`;
  let refund: { id: string; cents: number } | null = null;
  let blocked: "added" | "already" = "already";
  try {
    const remaining = await refundableCents(db, orderId);
    if (remaining > 0) {
      const result = await refundOrder(
        db,
        stripe,
        actor,
        { orderId, reason, amountCents: remaining, stripeReason: "fraudulent" },
        { ip, dualControlCents },
      );
      refund = { id: result.refundId, cents: result.amountCents };
    }
    if (!(await isBlocked(db, { cardFingerprint: fingerprint }))) {
      await addBlock(
        db,
        actor,
        { kind: "CARD", value: fingerprint, reason: `${reason} (order ${warning.order.reference})` },
        { ip },
      );
      blocked = "added";
    }
  } catch (error) {
    // Nothing was refunded (refundOrder throws before or when Stripe refuses): the step can be tried again.
    if (!refund)
      await db.earlyFraudWarning.updateMany({
        where: { id: warning.id },
        data: { resolvedAt: null, resolvedByEmail: null },
      });
    throw error;
  }
  await appendAudit(db, {
    actor: { id: staff.id, email: staff.email },
    action: "order.early_fraud_warning.resolved",
    target: `order:${orderId}`,
    detail: {
      warningId: warning.id,
      refundId: refund?.id ?? null,
      refundedCents: refund?.cents ?? 0,
      cardBlocked: blocked,
    },
    ip,
  });
  return { refundedCents: refund?.cents ?? 0, currency: warning.order.currency, blocked, refundId: refund?.id ?? null };
}
