import "server-only";
import { changeVariantStock } from "@/lib/catalog/variants";
import Stripe from "stripe";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import { clearCatalogCache } from "@/lib/catalog/cached";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import {
  claimProposal,
  confirmSchema,
  createProposal,
  dualControlCents,
  proposalToConfirm,
  settleProposal,
  type Proposal,
} from "@/lib/orders/dual-control";
import { needsSecondPerson } from "@/lib/orders/dual-control-policy";
import { sendOrderEmail } from "@/lib/orders/emails";
import { isRefundable, orderStatus, REFUNDABLE_STATUSES } from "@/lib/orders/status";
import { parseInput } from "@/lib/validation";
import { isOneOf, refundOutcome, STRIPE_REFUND_STATUSES } from "./stripe-enums";
import { refundedTaxShare } from "@/lib/checkout/pricing";
import { COUNTED_REFUND_STATUSES, refundStatus, type RefundStatus } from "./refund-status";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "refunds" });

// Refunds. Staff ask for one here; Stripe confirms it by webhook, and only then does the order
// become PARTIALLY_REFUNDED / REFUNDED, the stock come back and the customer get an email.
//
// Money never leaves twice: a request takes a row lock on the order (a conditional update inside
// a transaction), re-reads what is already refunded or on its way (PENDING + SUCCEEDED) and only
// then records its own PENDING Refund, so two concurrent requests cannot both fit under the
// captured amount. The Stripe call carries the Refund's id as its idempotency key. The webhook
// side claims the Refund row PENDING → SUCCEEDED, so redelivered or racing events apply it once.
// Each status change commits with its audit entry.
//
// Two-person control: a refund that takes the order's refunds (made or under way, this one
// included) above ADMIN_DUAL_CONTROL_CENTS is refused by refundOrder, checked under the same lock,
// so splitting it into smaller refunds does not avoid it. proposeRefund records it instead, and
// confirmRefund, by another admin, sends it through the same path, once (lib/orders/dual-control.ts).

const COUNTED = [...COUNTED_REFUND_STATUSES];
const SUCCEEDED: RefundStatus = "SUCCEEDED";
/** How the error of a refund that failed after it had succeeded begins. */
const FAILED_AFTER_SUCCESS = "Failed after it succeeded. ";

const lineSchema = z.object({
  orderItemId: z.string().trim().min(1).max(64),
  quantity: z.coerce.number().int("Quantities are whole numbers.").min(0, "Quantities cannot be negative.").max(10_000),
});

const refundSchema = z
  .object({
    orderId: z.string().trim().min(1, "Choose an order.").max(64, "Choose an order."),
    reason: z
      .string()
      .trim()
      .min(1, "Write the reason for the refund.")
      .max(500, "Keep the reason under 500 characters."),
    amountCents: z.coerce
      .number()
      .int("Enter the amount in cents.")
      .positive("The amount must be more than zero.")
      .max(100_000_000)
      .optional(),
    lines: z.array(lineSchema).max(200).optional(),
    restock: z.boolean().default(false),
    stripeReason: z.enum(["duplicate", "fraudulent", "requested_by_customer"]).optional(),
    // With lines (or alone): also refund what the order paid for shipping, once.
    shipping: z.boolean().default(false),
  })
  .refine(
    (v) =>
      (v.amountCents === undefined) !==
      ((v.lines === undefined || v.lines.every((l) => l.quantity === 0)) && !v.shipping),
    {
      message: "Refund either an amount or some order lines (and the shipping), not both.",
      path: ["amountCents"],
    },
  );

export type RefundOptions = {
  ip?: string;
  /** Refunds taking an order's refunds above this need a second admin (default ADMIN_DUAL_CONTROL_CENTS; 0: never). */
  dualControlCents?: number;
  now?: () => Date;
};
export type RefundLine = { orderItemId: string; quantity: number };

/** What can still be refunded: captured minus every refund already made or under way. */
export async function refundableCents(db: Db, orderId: string): Promise<number> {
  const [payment, taken] = await Promise.all([
    db.payment.findUnique({ where: { orderId }, select: { amountCaptured: true } }),
    db.refund.aggregate({ where: { orderId, status: { in: COUNTED } }, _sum: { amountCents: true } }),
  ]);
  return Math.max(0, (payment?.amountCaptured ?? 0) - (taken._sum.amountCents ?? 0));
}

/** The quantity of each order line the given refunds cover. */
export function quantitiesByLine(refunds: ReadonlyArray<{ lines: string | null }>): Map<string, number> {
  const done = new Map<string, number>();
  for (const refund of refunds)
    for (const line of parseLines(refund.lines))
      done.set(line.orderItemId, (done.get(line.orderItemId) ?? 0) + line.quantity);
  return done;
}

export function parseLines(text: string | null): RefundLine[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return z.array(lineSchema).parse(value);
  } catch {
    return [];
  }
}

function providerMessage(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return error.message.slice(0, 500);
  log.error({ err: error }, "unexpected error while creating a refund");
  return "The payment provider could not be reached. Try again in a moment.";
}

export type RefundResult = {
  refundId: string;
  amountCents: number;
  currency: string;
  status: Extract<RefundStatus, "PENDING">;
};

export const REFUND_NEEDS_SECOND =
  "This refund takes the order's refunds above the two-person amount: it was not sent. Propose it, and another admin confirms it.";
const REFUND_ONE_STEP = "This refund does not need a second admin: refund it directly.";
const REFUND_CHANGED = "The order's refunds changed since this was proposed: propose the refund again.";

type RefundableOrder = {
  id: string;
  reference: string;
  status: string;
  currency: string;
  paymentIntentId: string;
  shippingCents: number;
  taxCents: number;
  taxInclusive: boolean;
  totalCents: number;
  items: Array<{ id: string; unitPriceCents: number; quantity: number; taxCents: number }>;
};
type Parsed = z.output<typeof refundSchema>;

async function refundableOrder(db: Db, orderId: string): Promise<RefundableOrder> {
  const order = await db.order.findUnique({
    where: { id: orderId },
    select: {
      id: true,
      reference: true,
      status: true,
      currency: true,
      paymentIntentId: true,
      shippingCents: true,
      taxCents: true,
      taxInclusive: true,
      totalCents: true,
      items: { select: { id: true, unitPriceCents: true, quantity: true, taxCents: true } },
    },
  });
  if (!order) throw new AppError("NOT_FOUND", "That order could not be found.");
  if (!isRefundable(order.status) || !order.paymentIntentId)
    throw new AppError("CONFLICT", "Only a paid order can be refunded.");
  return { ...order, paymentIntentId: order.paymentIntentId };
}

const chosenLines = (parsed: Parsed): RefundLine[] | undefined => {
  const chosen = parsed.lines?.filter((l) => l.quantity > 0) ?? [];
  return chosen.length > 0 ? chosen : undefined;
};

type Priced = { amount: number; counted: number; taxCents: number; shippingCents: number };

/**
 * What the request comes to, and what the order's refunds already count (made or under way);
 * refuses more than is left. A line refunds its share of the line's tax (added to the amount
 * where tax was added at checkout, part of it where prices included it) and the shipping once;
 * an amount carries tax in the order's proportion of tax to total.
 */
async function price(db: Db, order: RefundableOrder, parsed: Parsed, lines: RefundLine[] | undefined): Promise<Priced> {
  let amount = parsed.amountCents ?? 0;
  let taxCents = 0;
  let shippingCents = 0;
  const counted = await db.refund.findMany({
    where: { orderId: order.id, status: { in: COUNTED } },
    select: { amountCents: true, shippingCents: true, lines: true },
  });
  if (lines || parsed.shipping) {
    const done = quantitiesByLine(counted);
    amount = 0;
    for (const line of lines ?? []) {
      const item = order.items.find((i) => i.id === line.orderItemId);
      if (!item)
        throw new AppError("VALIDATION", "That line is not part of this order.", {
          lines: "That line is not part of this order.",
        });
      const already = done.get(item.id) ?? 0;
      const left = item.quantity - already;
      if (line.quantity > left)
        throw new AppError("VALIDATION", `Only ${left} of that line can still be refunded.`, {
          lines: `Only ${left} of that line can still be refunded.`,
        });
      const tax = refundedTaxShare(item.taxCents, item.quantity, already, line.quantity);
      amount += item.unitPriceCents * line.quantity + (order.taxInclusive ? 0 : tax);
      taxCents += tax;
    }
    if (parsed.shipping) {
      const refused =
        order.shippingCents === 0
          ? "This order's shipping was free."
          : counted.some((r) => r.shippingCents > 0)
            ? "The shipping has already been refunded."
            : null;
      if (refused) throw new AppError("VALIDATION", refused, { shipping: refused });
      shippingCents = order.shippingCents;
      amount += shippingCents;
    }
  } else if (order.totalCents > 0) {
    taxCents = Math.round((amount * order.taxCents) / order.totalCents);
  }
  const taken = counted.reduce((sum, r) => sum + r.amountCents, 0);
  const remaining = await refundableCents(db, order.id);
  if (amount > remaining) {
    throw new AppError("VALIDATION", `At most ${remaining} cents can still be refunded.`, {
      amountCents: `At most ${remaining} cents can still be refunded.`,
    });
  }
  return { amount, counted: taken, taxCents, shippingCents };
}

type Execution = { staff: Actor; order: RefundableOrder; parsed: Parsed; options: RefundOptions; proposal?: Proposal };

async function executeRefund(
  db: Db,
  stripe: Stripe,
  { staff, order, parsed, options, proposal }: Execution,
): Promise<RefundResult> {
  const lines = chosenLines(parsed);
  const refund = await inTransaction(db, async (tx) => {
    // The row lock (PostgreSQL) or write lock (SQLite) that serializes refunds of one order.
    const locked = await tx.order.updateMany({
      where: { id: order.id, status: { in: [...REFUNDABLE_STATUSES] } },
      data: { updatedAt: new Date() },
    });
    if (locked.count !== 1) throw new AppError("CONFLICT", "Only a paid order can be refunded.");
    const { amount, counted, taxCents, shippingCents } = await price(tx, order, parsed, lines);
    // Checked under the lock, so two refunds just under the amount cannot together pass it.
    if (!proposal && needsSecondPerson(counted + amount, dualControlCents(options.dualControlCents)))
      throw new AppError("CONFLICT", REFUND_NEEDS_SECOND);
    if (proposal && amount !== proposal.amountCents) throw new AppError("CONFLICT", REFUND_CHANGED);
    return tx.refund.create({
      data: {
        orderId: order.id,
        amountCents: amount,
        taxCents,
        shippingCents,
        reason: parsed.reason,
        restock: parsed.restock && !!lines,
        lines: lines ? JSON.stringify(lines) : null,
        staffId: proposal?.proposedById ?? staff.id,
      },
      select: { id: true, amountCents: true, taxCents: true, shippingCents: true },
    });
  });

  const detail = {
    reference: order.reference,
    refundId: refund.id,
    amountCents: refund.amountCents,
    taxCents: refund.taxCents,
    shippingCents: refund.shippingCents,
    reason: parsed.reason,
    restock: parsed.restock,
    ...(lines ? { lines } : {}),
    ...(proposal ? { proposalId: proposal.id, proposedBy: proposal.proposedByEmail } : {}),
  };
  const by = { id: staff.id, email: staff.email };
  let stripeRefundId: string;
  try {
    const created = await stripe.refunds.create(
      {
        payment_intent: order.paymentIntentId,
        amount: refund.amountCents,
        ...(parsed.stripeReason ? { reason: parsed.stripeReason } : {}),
        metadata: { orderId: order.id, refundId: refund.id },
      },
      { idempotencyKey: `refund-${refund.id}` },
    );
    stripeRefundId = created.id;
  } catch (error) {
    const message = providerMessage(error);
    const fail = refundStatus.move("PENDING", "FAILED");
    await inTransaction(db, async (tx) => {
      await tx.refund.updateMany({ where: { id: refund.id, ...fail.where }, data: { ...fail.data, error: message } });
      await appendAudit(tx, {
        actor: by,
        action: "order.refund.failed",
        target: `order:${order.id}`,
        detail: { ...detail, error: message },
        ip: options.ip,
      });
      if (proposal)
        await settleProposal(tx, staff, proposal, {
          error: message,
          refundId: refund.id,
          ip: options.ip,
          reference: order.reference,
        });
    });
    throw new AppError("PAYMENT", `The payment provider refused the refund: ${message}`);
  }
  await inTransaction(db, async (tx) => {
    await tx.refund.updateMany({ where: { id: refund.id, stripeRefundId: null }, data: { stripeRefundId } });
    await appendAudit(tx, { actor: by, action: "order.refund", target: `order:${order.id}`, detail, ip: options.ip });
    if (proposal)
      await settleProposal(tx, staff, proposal, { refundId: refund.id, ip: options.ip, reference: order.reference });
  });
  return { refundId: refund.id, amountCents: refund.amountCents, currency: order.currency, status: "PENDING" };
}

/** Asks Stripe to refund part or all of a paid order. The order changes when Stripe confirms. */
export async function refundOrder(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: RefundOptions = {},
): Promise<RefundResult> {
  const staff = requirePermission(actor, "orders.refund");
  const parsed = parseInput(refundSchema, input);
  const order = await refundableOrder(db, parsed.orderId);
  return executeRefund(db, stripe, { staff, order, parsed, options });
}

export type RefundProposal = { proposalId: string; amountCents: number; currency: string; expiresAt: Date };

/** The first half of a refund above the two-person amount: checked, recorded and audited; nothing is sent. */
export async function proposeRefund(
  db: Db,
  actor: Actor | null,
  input: unknown,
  options: RefundOptions = {},
): Promise<RefundProposal> {
  const staff = requirePermission(actor, "orders.refund");
  const parsed = parseInput(refundSchema, input);
  const order = await refundableOrder(db, parsed.orderId);
  const lines = chosenLines(parsed);
  const { amount, counted } = await price(db, order, parsed, lines);
  if (!needsSecondPerson(counted + amount, dualControlCents(options.dualControlCents)))
    throw new AppError("VALIDATION", REFUND_ONE_STEP);
  const now = (options.now ?? (() => new Date()))();
  const stored = {
    orderId: order.id,
    reason: parsed.reason,
    restock: parsed.restock,
    ...(lines || parsed.shipping
      ? { ...(lines ? { lines } : {}), shipping: parsed.shipping }
      : { amountCents: amount }),
    ...(parsed.stripeReason ? { stripeReason: parsed.stripeReason } : {}),
  };
  const proposal = await createProposal(db, staff, {
    kind: "REFUND",
    order,
    amountCents: amount,
    input: stored,
    now,
    ip: options.ip,
    detail: { reason: parsed.reason, restock: parsed.restock, ...(lines ? { lines } : {}) },
  });
  return { proposalId: proposal.id, amountCents: amount, currency: order.currency, expiresAt: proposal.expiresAt };
}

/** The refund form's one button: refunds now, or proposes when a second admin must confirm. */
export async function refundOrPropose(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: RefundOptions = {},
): Promise<({ kind: "refunded" } & RefundResult) | ({ kind: "proposed" } & RefundProposal)> {
  const staff = requirePermission(actor, "orders.refund");
  const parsed = parseInput(refundSchema, input);
  const order = await refundableOrder(db, parsed.orderId);
  const { amount, counted } = await price(db, order, parsed, chosenLines(parsed));
  if (needsSecondPerson(counted + amount, dualControlCents(options.dualControlCents)))
    return { kind: "proposed", ...(await proposeRefund(db, staff, input, options)) };
  return { kind: "refunded", ...(await executeRefund(db, stripe, { staff, order, parsed, options })) };
}

/** The second half: another admin confirms and the refund is sent, once; the proposer is refused. */
export async function confirmRefund(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: RefundOptions = {},
): Promise<RefundResult> {
  const staff = requirePermission(actor, "orders.refund");
  const { proposalId, confirmNote } = parseInput(confirmSchema, input);
  const now = (options.now ?? (() => new Date()))();
  const proposal = await proposalToConfirm(db, staff, { proposalId, kind: "REFUND", now, ip: options.ip });
  const parsed = parseInput(refundSchema, JSON.parse(proposal.input));
  await claimProposal(db, staff, proposal, { confirmNote, now });
  try {
    const order = await refundableOrder(db, parsed.orderId);
    return await executeRefund(db, stripe, { staff, order, parsed, options, proposal });
  } catch (error) {
    // Refused before anything was sent (the order changed): closed as FAILED. A provider refusal was settled with it.
    await settleProposal(db, staff, proposal, {
      error: error instanceof AppError ? error.message : "The refund could not be sent.",
      ip: options.ip,
    });
    throw error;
  }
}

/** Raises Payment.amountRefunded to `amount` (never lowers it) and moves the order's status. */
async function recordRefunded(db: Db, orderId: string, amount: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.payment.updateMany({
      where: { orderId, amountRefunded: { lt: amount } },
      data: { amountRefunded: amount },
    });
    const payment = await tx.payment.findUnique({
      where: { orderId },
      select: { amountCaptured: true, amountRefunded: true },
    });
    if (!payment || payment.amountRefunded <= 0) return;
    const move =
      payment.amountRefunded >= payment.amountCaptured
        ? orderStatus.move(REFUNDABLE_STATUSES, "REFUNDED")
        : orderStatus.move("PAID", "PARTIALLY_REFUNDED");
    await tx.order.updateMany({ where: { id: orderId, ...move.where }, data: move.data });
  });
}

export type RefundNotifier = (db: Db, orderId: string, refundId: string) => Promise<void>;

export const notifyRefunded: RefundNotifier = async (db, orderId, refundId) => {
  try {
    await sendOrderEmail(db, orderId, "refunded", { refundId });
  } catch (error) {
    // The refund stands; a lost email is logged, not a reason to fail the webhook.
    log.error({ orderId, refundId, template: "refunded", err: errorKind(error) }, "could not send the order email");
  }
};

/**
 * Applies Stripe's word on one refund (refund.created / refund.updated). A succeeded refund is
 * claimed PENDING|FAILED → SUCCEEDED once: that delivery restocks, updates the order and emails.
 */
export async function applyRefundUpdate(
  db: Db,
  refund: Stripe.Refund,
  notify: RefundNotifier = notifyRefunded,
): Promise<string> {
  const row = await db.refund.findFirst({
    where: {
      OR: [...(refund.metadata?.refundId ? [{ id: refund.metadata.refundId }] : []), { stripeRefundId: refund.id }],
    },
    select: { id: true, orderId: true, restock: true, lines: true, amountCents: true },
  });
  if (!row) return "ignored: refund not made from the dashboard";
  // A status outside Stripe's documented list fails the delivery (Stripe retries it) rather than
  // being guessed at: a refund is money. No status yet reads as pending.
  const status = refund.status ?? "pending";
  if (!isOneOf(STRIPE_REFUND_STATUSES, status))
    throw new Error(`Refund ${refund.id} has a status this store does not know: ${status}`);
  const outcome = refundOutcome(status);
  if (outcome === "failed") {
    const detail = `Stripe reported the refund ${status}${refund.failure_reason ? `: ${refund.failure_reason}` : ""}.`;
    const fail = refundStatus.move("PENDING", "FAILED");
    const { count } = await db.refund.updateMany({
      where: { id: row.id, ...fail.where },
      data: { ...fail.data, error: detail, stripeRefundId: refund.id },
    });
    if (count === 1) return "refund failed";
    const error = `${FAILED_AFTER_SUCCESS}${detail}`;
    // A refund that had succeeded failed afterwards: the money did not reach the customer. The
    // row and the payment's refunded total say so; the order's status keeps its refunded state
    // (lib/orders/status.ts has no way back), so staff see the failure on the order's refunds.
    const reverse = refundStatus.move("SUCCEEDED", "FAILED");
    const reversed = await inTransaction(db, async (tx) => {
      const moved = await tx.refund.updateMany({
        where: { id: row.id, ...reverse.where },
        data: { ...reverse.data, error, stripeRefundId: refund.id },
      });
      if (moved.count !== 1) return false;
      const total = await tx.refund.aggregate({
        where: { orderId: row.orderId, status: SUCCEEDED },
        _sum: { amountCents: true },
      });
      await tx.payment.updateMany({
        where: { orderId: row.orderId },
        data: { amountRefunded: total._sum.amountCents ?? 0 },
      });
      await appendAudit(tx, {
        actor: null,
        action: "order.refund.failed",
        target: `order:${row.orderId}`,
        detail: {
          refundId: row.id,
          stripeRefundId: refund.id,
          amountCents: row.amountCents,
          afterSuccess: true,
          error,
        },
      });
      return true;
    });
    return reversed ? "refund failed after it succeeded" : "already-handled";
  }
  if (outcome === "pending") return `refund ${status}`;
  const succeed = refundStatus.move(["PENDING", "FAILED"], "SUCCEEDED");
  const applied = await inTransaction(db, async (tx) => {
    // A refund that failed after it succeeded stays failed: a late "succeeded" is older news.
    const notReversed = { NOT: { status: "FAILED", error: { startsWith: FAILED_AFTER_SUCCESS } } };
    const claimed = await tx.refund.updateMany({
      where: { id: row.id, ...succeed.where, ...notReversed },
      data: { ...succeed.data, error: null, stripeRefundId: refund.id },
    });
    if (claimed.count !== 1) return false;
    if (row.restock) {
      for (const line of parseLines(row.lines)) {
        const item = await tx.orderItem.findFirst({
          where: { id: line.orderItemId, orderId: row.orderId },
          select: { variantId: true },
        });
        if (item) await changeVariantStock(tx, { variantId: item.variantId, delta: line.quantity });
      }
    }
    const total = await tx.refund.aggregate({
      where: { orderId: row.orderId, status: SUCCEEDED },
      _sum: { amountCents: true },
    });
    await recordRefunded(tx, row.orderId, total._sum.amountCents ?? 0);
    await appendAudit(tx, {
      actor: null,
      action: "order.refund.succeeded",
      target: `order:${row.orderId}`,
      detail: { refundId: row.id, stripeRefundId: refund.id, amountCents: row.amountCents },
    });
    return true;
  });
  if (!applied) return "already-handled";
  if (row.restock) clearCatalogCache();
  await notify(db, row.orderId, row.id);
  return "refunded";
}

/** charge.refunded: Stripe's running total covers refunds made outside the dashboard too. */
export async function applyChargeRefunded(db: Db, charge: Stripe.Charge): Promise<string> {
  const pi = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
  const payment = await db.payment.findFirst({
    where: { OR: [{ chargeId: charge.id }, ...(pi ? [{ paymentIntentId: pi }] : [])] },
    select: { orderId: true },
  });
  if (!payment) return "ignored: unknown charge";
  // A partial capture shows the released remainder as refunded; only captured money counts.
  // Refunds still pending at Stripe count in its total but have not reached the customer yet:
  // they are recorded when refund.updated says they succeeded.
  const pending = await db.refund.aggregate({
    where: { orderId: payment.orderId, status: "PENDING", stripeRefundId: { not: null } },
    _sum: { amountCents: true },
  });
  const refunded = charge.amount_refunded - (charge.amount - charge.amount_captured) - (pending._sum.amountCents ?? 0);
  if (refunded <= 0) return "ignored: nothing captured was refunded";
  await recordRefunded(db, payment.orderId, refunded);
  return "recorded";
}
