import "server-only";
import Stripe from "stripe";
import { z } from "zod";
import { CLAIM_CLEARED, CLAIM_SELECT, openToDecide, refuseIfClaimed, refuseIfClaimedNow } from "@/lib/admin/claims";
import { requireStepUp, stepUpCodeSchema, type StepUpDeps } from "@/lib/admin/step-up";
import { appendAudit } from "@/lib/audit/log";
import { keyring } from "@/lib/auth/app-deps";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import { limits } from "@/lib/auth/limits";
import { releaseStock } from "@/lib/checkout/stock";
import { blocksForRejection, blockSchema, type PlannedBlock } from "@/lib/fraud/block-on-reject";
import { addBlock } from "@/lib/fraud/blocklist";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { capture } from "@/lib/payments/authorization";
import { orderEvents, type OrderEvents } from "@/lib/payments/order-events";
import { paymentStatus, reportedPaymentStatus, type PaymentStatus } from "@/lib/payments/status";
import { parseInput } from "@/lib/validation";
import { reasonFits, reasonLabel, reasonSchema, type DecisionReason } from "./decision-reasons";
import {
  cancelWaitingProposals,
  claimProposal,
  confirmSchema,
  createProposal,
  dualControlCents,
  proposalToConfirm,
  settleProposal,
  type Proposal,
} from "./dual-control";
import { needsSecondPerson } from "./dual-control-policy";
import { sendOrderEmail } from "./emails";
import { orderStatus, type OrderStatus } from "./status";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "decisions" });

// Staff decisions on held orders. Exactly one decision wins: each claims the order with a
// conditional status change (HELD → APPROVING / REJECTING) before it touches the provider, so a
// second reviewer, a double click or the expiry sweep finds the order no longer HELD and gets a
// conflict. A provider failure puts the order back to HELD with the provider's message. Every
// attempt, applied or failed, is recorded (OrderDecision) and audited in the same transaction as
// the status change it reports.
//
// Two-person control: approving an order above ADMIN_DUAL_CONTROL_CENTS is proposed by one staff
// member (proposeApproval: nothing is captured) and applied only when another confirms it
// (confirmApproval), through the same claim and capture as a one-step approval; approveOrder
// refuses such an order. Rejecting stays one step, and closes a waiting approval proposal.
//
// Review claims (lib/admin/claims.ts): an order another reviewer has taken, under a live claim,
// is refused to every decision here, naming who has it; the check runs before the step-up (so a
// refused decision keeps the code unused) and again in the conditional update that starts the
// decision. An applied decision, or a proposal, clears the claim in the transaction recording it.

const decisionSchema = z.object({
  orderId: z.string().trim().min(1, "Choose an order.").max(64, "Choose an order."),
  reason: reasonSchema,
  note: z
    .string()
    .trim()
    .min(1, "Write a note explaining the decision.")
    .max(1000, "Keep the note under 1000 characters."),
  totpCode: stepUpCodeSchema,
});

export type DecisionOptions = Partial<StepUpDeps> & {
  /** Orders above this total need a step-up code (default ADMIN_STEP_UP_CENTS). */
  stepUpCents?: number;
  events?: OrderEvents;
  /** Tells the customer their order was cancelled (default: the cancellation email). */
  notifyCancelled?: (db: Db, orderId: string) => Promise<void>;
  ip?: string;
  /** Approvals above this total need a second staff member (default ADMIN_DUAL_CONTROL_CENTS; 0: never). */
  dualControlCents?: number;
};

export type DecisionResult = {
  orderId: string;
  reference: string;
  status: Extract<OrderStatus, "PAID" | "CANCELLED">;
  blocked?: PlannedBlock[];
};

const ALREADY_DECIDED = "This order was already decided.";
const APPROVAL_NEEDS_SECOND =
  "This order is above the two-person amount: propose the approval, and another staff member confirms it.";
const APPROVAL_ONE_STEP = "This order is not above the two-person amount: approve it directly.";

type Kind = "APPROVE" | "REJECT";

async function emailCustomer(db: Db, orderId: string, kind: "confirmed" | "cancelled"): Promise<void> {
  try {
    await sendOrderEmail(db, orderId, kind);
  } catch (error) {
    // The decision stands; a lost email is logged, not a reason to undo it.
    log.error({ orderId, template: kind, err: errorKind(error) }, "could not send the order email");
  }
}

// An approved order's alerts were raised when it was held; only the confirmation goes out now.
const approvalEvents: OrderEvents = { ...orderEvents, paid: (db, orderId) => emailCustomer(db, orderId, "confirmed") };

const stepUpDeps = (options: DecisionOptions): StepUpDeps => ({
  keyring: options.keyring ?? keyring(),
  limits: options.limits ?? limits(),
  now: options.now ?? (() => new Date()),
});
const nowOf = (options: DecisionOptions): Date => (options.now ?? (() => new Date()))();
const ORDER_SELECT = { id: true, totalCents: true, paymentIntentId: true, ...CLAIM_SELECT } as const;

/** How an approval is asked for: applied now, or proposed for a second staff member. */
type Mode = "apply" | "propose";

async function prepare(
  db: Db,
  actor: Actor | null,
  kind: Kind,
  input: unknown,
  options: DecisionOptions,
  mode: Mode = "apply",
) {
  const staff = requirePermission(actor, "orders.decide");
  const { orderId, note, totpCode, reason } = parseInput(decisionSchema, input);
  if (!reasonFits(kind, reason))
    throw new AppError("VALIDATION", "Choose a reason that fits this decision.", {
      reason: `Choose a reason for ${kind === "APPROVE" ? "approving" : "rejecting"}.`,
    });
  const order = await db.order.findUnique({ where: { id: orderId }, select: ORDER_SELECT });
  if (!order) throw new AppError("NOT_FOUND", "That order could not be found.");
  if (order.status !== ("HELD" satisfies OrderStatus)) throw new AppError("CONFLICT", ALREADY_DECIDED);
  if (!order.paymentIntentId) throw new AppError("CONFLICT", "This order has no authorized payment to decide on.");
  refuseIfClaimed(order, staff.id, nowOf(options));
  // Checked before the step-up, so a refused approval does not use up the staff member's code.
  if (kind === "APPROVE") {
    const second = needsSecondPerson(order.totalCents, dualControlCents(options.dualControlCents));
    if (mode === "apply" && second) throw new AppError("CONFLICT", APPROVAL_NEEDS_SECOND);
    if (mode === "propose" && !second) throw new AppError("VALIDATION", APPROVAL_ONE_STEP);
  }
  const threshold = options.stepUpCents ?? env().ADMIN_STEP_UP_CENTS;
  if (order.totalCents > threshold) await requireStepUp(db, stepUpDeps(options), { actor: staff, code: totpCode });
  return { staff, order: { ...order, paymentIntentId: order.paymentIntentId }, note, reason };
}

/** HELD → APPROVING / REJECTING, only if still held and not under another reviewer's live claim. */
async function claim(
  db: Db,
  { orderId, to, staff, now }: { orderId: string; to: "APPROVING" | "REJECTING"; staff: Actor; now: Date },
): Promise<void> {
  const move = orderStatus.move("HELD", to);
  const { count } = await db.order.updateMany({
    where: { id: orderId, ...move.where, ...openToDecide(staff.id, now) },
    data: { ...move.data, decisionError: null },
  });
  if (count === 1) return;
  await refuseIfClaimedNow(db, orderId, staff.id, now);
  throw new AppError("CONFLICT", ALREADY_DECIDED);
}

type Attempt = {
  staff: Actor;
  kind: Kind;
  order: { id: string; reference: string };
  note: string;
  reason: DecisionReason;
  ip?: string;
  proposal?: Proposal;
  blocks?: PlannedBlock[];
};

/** The decision row and its audit entry; called inside the transaction that changes the status. */
async function record(
  tx: Db,
  { staff, kind, order, note, reason, ip, proposal, blocks = [] }: Attempt,
  error: string | null,
): Promise<void> {
  const outcome = error ? "FAILED" : "APPLIED";
  await tx.orderDecision.create({
    data: { orderId: order.id, decision: kind, reason, note, staffId: staff.id, outcome, error },
  });
  // A decided order needs no more attention: its alerts are resolved and its review claim ends with the decision.
  if (!error) {
    await tx.alert.updateMany({
      where: { orderId: order.id, readAt: null },
      data: { readAt: new Date(), readById: staff.id },
    });
    await tx.order.update({ where: { id: order.id }, data: CLAIM_CLEARED });
  }
  await appendAudit(tx, {
    actor: { id: staff.id, email: staff.email },
    action: `order.${kind.toLowerCase()}${error ? ".failed" : ""}`,
    target: `order:${order.id}`,
    detail: {
      reference: order.reference,
      reason,
      reasonLabel: reasonLabel(reason),
      note,
      ...(proposal ? { proposalId: proposal.id, proposedBy: proposal.proposedByEmail } : {}),
      ...(error ? { error } : {}),
    },
    ip,
  });
  if (proposal)
    await settleProposal(tx, staff, proposal, { error: error ?? undefined, ip, reference: order.reference });
  if (!error && kind === "REJECT") {
    // A rejected order needs no approval any more; and the blocks asked for commit with the
    // rejection (each through addBlock, so each is audited as blocklist.add).
    await cancelWaitingProposals(tx, order.id, "APPROVE");
    for (const block of blocks) await addBlock(tx, staff, block, { ip });
  }
}

// The provider's own message is safe to show staff (it names the payment's state, never card
// data); anything else is logged and summarized.
function providerMessage(error: unknown): string {
  if (error instanceof Stripe.errors.StripeError) return error.message.slice(0, 500);
  log.error({ err: error }, "unexpected error while applying a decision");
  return "The payment provider could not be reached. Try again in a moment.";
}

async function failed(
  db: Db,
  attempt: Attempt,
  { from, error }: { from: "APPROVING" | "REJECTING"; error: unknown },
): Promise<never> {
  const message = providerMessage(error);
  const back = orderStatus.move(from, "HELD");
  await inTransaction(db, async (tx) => {
    await tx.order.updateMany({
      where: { id: attempt.order.id, ...back.where },
      data: { ...back.data, decisionError: message },
    });
    await record(tx, attempt, message);
  });
  throw new AppError("PAYMENT", `The payment provider refused: ${message} The order is still held.`);
}

async function applyApproval(
  db: Db,
  stripe: Stripe,
  attempt: Attempt & { paymentIntentId: string },
  options: DecisionOptions,
): Promise<DecisionResult> {
  const { order } = attempt;
  await claim(db, { orderId: order.id, to: "APPROVING", staff: attempt.staff, now: nowOf(options) });
  try {
    await capture(db, stripe, {
      orderId: order.id,
      paymentIntentId: attempt.paymentIntentId,
      from: "APPROVING",
      events: options.events ?? approvalEvents,
      alsoRecord: (tx) => record(tx, attempt, null),
    });
  } catch (error) {
    return failed(db, attempt, { from: "APPROVING", error });
  }
  return { orderId: order.id, reference: order.reference, status: "PAID" };
}

/** Captures a held order's authorization (the order becomes PAID); one step, below the two-person amount. */
export async function approveOrder(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const { staff, order, note, reason } = await prepare(db, actor, "APPROVE", input, options);
  return applyApproval(
    db,
    stripe,
    { staff, kind: "APPROVE", order, note, reason, ip: options.ip, paymentIntentId: order.paymentIntentId },
    options,
  );
}

export type ProposalResult = { proposalId: string; orderId: string; reference: string; expiresAt: Date };

/** The first half of an approval above the two-person amount: recorded and audited, nothing captured. */
export async function proposeApproval(
  db: Db,
  actor: Actor | null,
  input: unknown,
  options: DecisionOptions = {},
): Promise<ProposalResult> {
  const { staff, order, note, reason } = await prepare(db, actor, "APPROVE", input, options, "propose");
  const now = nowOf(options);
  const proposal = await inTransaction(db, async (tx) => {
    // Proposing ends this reviewer's claim (the confirmer must be free to decide), and is refused
    // if another reviewer took the order since it was read: one conditional write does both.
    const { count } = await tx.order.updateMany({
      where: { id: order.id, status: "HELD", ...openToDecide(staff.id, now) },
      data: CLAIM_CLEARED,
    });
    if (count !== 1) {
      await refuseIfClaimedNow(tx, order.id, staff.id, now);
      throw new AppError("CONFLICT", ALREADY_DECIDED);
    }
    return createProposal(tx, staff, {
      kind: "APPROVE",
      order,
      amountCents: order.totalCents,
      input: { reason, note },
      now,
      ip: options.ip,
      detail: { reason, reasonLabel: reasonLabel(reason), note },
    });
  });
  return { proposalId: proposal.id, orderId: order.id, reference: order.reference, expiresAt: proposal.expiresAt };
}

const proposedApproval = decisionSchema.pick({ reason: true, note: true });

/**
 * The second half: another staff member confirms and the order is captured, once. The proposer
 * is refused, as is an expired or already confirmed proposal; a step-up code is asked of the
 * confirmer as of anyone approving that much.
 */
export async function confirmApproval(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const staff = requirePermission(actor, "orders.decide");
  const { proposalId, confirmNote, totpCode } = parseInput(confirmSchema, input);
  const now = nowOf(options);
  const proposal = await proposalToConfirm(db, staff, { proposalId, kind: "APPROVE", now, ip: options.ip });
  const { reason, note } = parseInput(proposedApproval, JSON.parse(proposal.input));
  const order = await db.order.findUniqueOrThrow({ where: { id: proposal.orderId }, select: ORDER_SELECT });
  // Refused before the proposal is claimed, so a reviewer's claim never burns the proposal.
  refuseIfClaimed(order, staff.id, now);
  if (order.totalCents > (options.stepUpCents ?? env().ADMIN_STEP_UP_CENTS))
    await requireStepUp(db, stepUpDeps(options), { actor: staff, code: totpCode });
  await claimProposal(db, staff, proposal, { confirmNote, now });
  const attempt = {
    staff,
    kind: "APPROVE" as const,
    order,
    note: confirmNote ? `${note} (Confirmed: ${confirmNote})` : note,
    reason,
    ip: options.ip,
    proposal,
  };
  try {
    if (order.status !== ("HELD" satisfies OrderStatus) || !order.paymentIntentId)
      throw new AppError("CONFLICT", ALREADY_DECIDED);
    const result = await applyApproval(db, stripe, { ...attempt, paymentIntentId: order.paymentIntentId }, options);
    // Normally settled with the capture's record; a capture another path recorded first is settled here.
    await settleProposal(db, staff, proposal, { ip: options.ip, reference: order.reference });
    return result;
  } catch (error) {
    // The order was decided meanwhile (or the provider refused, already settled): the proposal
    // is closed as FAILED unless the outcome was recorded with it.
    await settleProposal(db, staff, proposal, {
      error: error instanceof AppError ? error.message : "The approval could not be applied.",
      ip: options.ip,
      reference: order.reference,
    });
    throw error;
  }
}

/** Cancels a held order's authorization, returns its stock and tells the customer. */
export async function rejectOrder(
  db: Db,
  stripe: Stripe,
  actor: Actor | null,
  input: unknown,
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const { staff, order, note, reason } = await prepare(db, actor, "REJECT", input, options);
  // The blocks asked for are checked before anything changes (an order with no card on record
  // cannot block its card).
  const blocks = await blocksForRejection(db, order, parseInput(blockSchema, input), { reason, note });
  const attempt: Attempt = { staff, kind: "REJECT", order, note, reason, ip: options.ip, blocks };
  await claim(db, { orderId: order.id, to: "REJECTING", staff, now: nowOf(options) });
  let released: PaymentStatus;
  try {
    const cancelled = await stripe.paymentIntents.cancel(
      order.paymentIntentId,
      {},
      { idempotencyKey: `cancel-${order.id}` },
    );
    released = reportedPaymentStatus(cancelled.status);
  } catch (error) {
    return failed(db, attempt, { from: "REJECTING", error });
  }
  const payment = paymentStatus.move(paymentStatus.allowedFrom(released), released);
  // The payment's new status, the order's (with its stock back), the decision and its audit
  // entry commit together.
  await inTransaction(db, async (tx) => {
    await tx.payment.updateMany({ where: { orderId: order.id, ...payment.where }, data: payment.data });
    if (await releaseStock(tx, { orderId: order.id, from: "REJECTING", to: "CANCELLED" }))
      await record(tx, attempt, null);
  });
  await (options.notifyCancelled ?? ((d, id) => emailCustomer(d, id, "cancelled")))(db, order.id);
  return { orderId: order.id, reference: order.reference, status: "CANCELLED", blocked: blocks };
}
