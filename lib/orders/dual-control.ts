import "server-only";
import { z } from "zod";
import { stepUpCodeSchema } from "@/lib/admin/step-up";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor, type Permission } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  NOT_YOUR_PROPOSAL,
  PROPOSAL_CLOSED,
  PROPOSAL_EXPIRED,
  PROPOSAL_TTL_HOURS,
  proposalStatus,
  SAME_PERSON,
  type ProposalKind,
  type ProposalStatus,
} from "./dual-control-policy";

// Two-person control, the part shared by approvals (lib/orders/staff-decisions.ts: proposeApproval,
// confirmApproval) and refunds (lib/payments/refunds.ts: proposeRefund, confirmRefund).
//
// A proposal is a row holding the validated input; nothing moves money when it is made. The
// confirmation is refused to the proposer (by user id: another session or device of the same
// person is the same person), refused after expiresAt, and claims the row PENDING → CONFIRMING
// with one conditional update whose WHERE repeats both rules, so of two concurrent confirms
// exactly one proceeds; the caller then applies the money move through its usual path (which
// has its own once-only claim) and settles the row CONFIRMED or FAILED in the transaction that
// records the outcome. Its proposer may withdraw a waiting proposal (withdrawProposal): the
// same kind of conditional update, PENDING → WITHDRAWN, so a withdrawal and a confirmation
// racing cannot both win, and a withdrawn proposal is never confirmed. Proposing, confirming,
// withdrawing, refusing and failing are all audited.

type ProposalRow = {
  id: string;
  orderId: string;
  kind: string;
  status: string;
  amountCents: number;
  input: string;
  proposedById: string;
  proposedByEmail: string;
  expiresAt: Date;
};

export type Proposal = Omit<ProposalRow, "status" | "kind"> & { status: ProposalStatus; kind: ProposalKind };

/** The threshold in force: an explicit one (tests, scripts) or ADMIN_DUAL_CONTROL_CENTS. */
export const dualControlCents = (override?: number): number => override ?? env().ADMIN_DUAL_CONTROL_CENTS;

const action = (kind: ProposalKind) => (kind === "APPROVE" ? "order.approve" : "order.refund");

export const confirmSchema = z.object({
  proposalId: z.string().trim().min(1, "Choose a proposal.").max(64, "Choose a proposal."),
  confirmNote: z
    .string()
    .trim()
    .max(1000, "Keep the note under 1000 characters.")
    .optional()
    .transform((v) => (v ? v : undefined)),
  totpCode: stepUpCodeSchema,
});

type NewProposal = {
  kind: ProposalKind;
  order: { id: string; reference: string };
  amountCents: number;
  input: Record<string, unknown>;
  now: Date;
  ip?: string;
  detail?: Record<string, unknown>;
};

/** Records a proposal and its audit entry; refused while another one for the same move waits. */
export async function createProposal(db: Db, staff: Actor, p: NewProposal): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(p.now.getTime() + PROPOSAL_TTL_HOURS * 3_600_000);
  return inTransaction(db, async (tx) => {
    const waiting = await tx.dualControlProposal.findFirst({
      where: { orderId: p.order.id, kind: p.kind, status: "PENDING", expiresAt: { gt: p.now } },
      select: { proposedByEmail: true },
    });
    if (waiting)
      throw new AppError(
        "CONFLICT",
        `${waiting.proposedByEmail} already proposed this; it is waiting for another staff member to confirm it.`,
      );
    const row = await tx.dualControlProposal.create({
      data: {
        orderId: p.order.id,
        kind: p.kind,
        amountCents: p.amountCents,
        input: JSON.stringify(p.input),
        proposedById: staff.id,
        proposedByEmail: staff.email,
        expiresAt,
      },
      select: { id: true, expiresAt: true },
    });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: `${action(p.kind)}.proposed`,
      target: `order:${p.order.id}`,
      detail: {
        reference: p.order.reference,
        proposalId: row.id,
        amountCents: p.amountCents,
        expiresAt: row.expiresAt,
        ...p.detail,
      },
      ip: p.ip,
    });
    return row;
  });
}

const toProposal = (row: ProposalRow): Proposal => ({
  ...row,
  status: proposalStatus.parse(row.status),
  kind: row.kind === "REFUND" ? "REFUND" : "APPROVE",
});

/**
 * The proposal a confirmer may confirm, or the reason not: NOT_FOUND (no such proposal of this
 * kind), FORBIDDEN (the confirmer proposed it; audited), CONFLICT (closed or expired).
 */
export async function proposalToConfirm(
  db: Db,
  staff: Actor,
  { proposalId, kind, now, ip }: { proposalId: string; kind: ProposalKind; now: Date; ip?: string },
): Promise<Proposal> {
  const row = await db.dualControlProposal.findUnique({ where: { id: proposalId } });
  if (!row || row.kind !== kind) throw new AppError("NOT_FOUND", "That proposal could not be found.");
  if (row.proposedById === staff.id) {
    await appendAudit(db, {
      actor: { id: staff.id, email: staff.email },
      action: `${action(kind)}.confirm.refused`,
      target: `order:${row.orderId}`,
      detail: { proposalId: row.id, why: "same-person" },
      ip,
    });
    throw new AppError("FORBIDDEN", SAME_PERSON);
  }
  if (row.status === "PENDING" && row.expiresAt <= now) {
    const expire = proposalStatus.move("PENDING", "EXPIRED");
    await db.dualControlProposal.updateMany({
      where: { id: row.id, ...expire.where },
      data: { ...expire.data, decidedAt: now },
    });
    throw new AppError("CONFLICT", PROPOSAL_EXPIRED);
  }
  if (row.status !== "PENDING")
    throw new AppError("CONFLICT", row.status === "EXPIRED" ? PROPOSAL_EXPIRED : PROPOSAL_CLOSED);
  return toProposal(row);
}

/** Claims the proposal for this confirmer: exactly one concurrent confirm gets past this. */
export async function claimProposal(
  db: Db,
  staff: Actor,
  proposal: Proposal,
  { confirmNote, now }: { confirmNote?: string; now: Date },
): Promise<void> {
  const move = proposalStatus.move("PENDING", "CONFIRMING");
  const { count } = await db.dualControlProposal.updateMany({
    where: { id: proposal.id, ...move.where, expiresAt: { gt: now }, proposedById: { not: staff.id } },
    data: { ...move.data, confirmedById: staff.id, confirmedByEmail: staff.email, confirmNote: confirmNote ?? null },
  });
  if (count !== 1) throw new AppError("CONFLICT", PROPOSAL_CLOSED);
}

/**
 * Settles a claimed proposal (CONFIRMING → CONFIRMED, or FAILED with the error) with its audit
 * entry; called inside the transaction that records the money move's outcome. A proposal already
 * settled is left alone, so a late second call changes nothing.
 */
export async function settleProposal(
  db: Db,
  staff: Actor,
  proposal: Proposal,
  outcome: { error?: string; refundId?: string; ip?: string; reference?: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const move = proposalStatus.move("CONFIRMING", outcome.error ? "FAILED" : "CONFIRMED");
    const { count } = await tx.dualControlProposal.updateMany({
      where: { id: proposal.id, ...move.where },
      data: { ...move.data, decidedAt: new Date(), error: outcome.error ?? null, refundId: outcome.refundId ?? null },
    });
    if (count !== 1) return;
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: `${action(proposal.kind)}.${outcome.error ? "confirm.failed" : "confirmed"}`,
      target: `order:${proposal.orderId}`,
      detail: {
        proposalId: proposal.id,
        proposedBy: proposal.proposedByEmail,
        amountCents: proposal.amountCents,
        ...(outcome.reference ? { reference: outcome.reference } : {}),
        ...(outcome.error ? { error: outcome.error } : {}),
      },
      ip: outcome.ip,
    });
  });
}

/** Who may propose (and so withdraw) each kind: the permission of the move itself. */
const PERMISSION: Record<ProposalKind, Permission> = { APPROVE: "orders.decide", REFUND: "orders.refund" };

const withdrawSchema = z.object({ proposalId: confirmSchema.shape.proposalId });

export type Withdrawn = { proposalId: string; orderId: string; kind: ProposalKind; amountCents: number };

/**
 * Its proposer takes back a waiting proposal: PENDING → WITHDRAWN, audited as
 * `order.approve.withdrawn` / `order.refund.withdrawn`. Anyone else is refused (FORBIDDEN,
 * audited as `….withdraw.refused`), as is a proposal already confirmed, closed or expired.
 */
export async function withdrawProposal(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now, ip }: { now: Date; ip?: string },
): Promise<Withdrawn> {
  const staff = requirePermission(actor, "orders.view");
  const { proposalId } = parseInput(withdrawSchema, input);
  const row = await db.dualControlProposal.findUnique({
    where: { id: proposalId },
    include: { order: { select: { reference: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "That proposal could not be found.");
  const proposal = toProposal(row);
  requirePermission(staff, PERMISSION[proposal.kind]);
  const audit = (tx: Db, suffix: string, detail: Record<string, unknown> = {}) =>
    appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: `${action(proposal.kind)}.${suffix}`,
      target: `order:${row.orderId}`,
      detail: { reference: row.order.reference, proposalId: row.id, ...detail },
      ip,
    });
  if (row.proposedById !== staff.id) {
    await audit(db, "withdraw.refused", { proposedBy: row.proposedByEmail });
    throw new AppError("FORBIDDEN", NOT_YOUR_PROPOSAL);
  }
  const withdraw = proposalStatus.move("PENDING", "WITHDRAWN");
  return inTransaction(db, async (tx) => {
    // The WHERE repeats every rule, so a confirmation that claimed the row first wins.
    const { count } = await tx.dualControlProposal.updateMany({
      where: { id: row.id, ...withdraw.where, proposedById: staff.id, expiresAt: { gt: now } },
      data: { ...withdraw.data, decidedAt: now },
    });
    if (count !== 1)
      throw new AppError(
        "CONFLICT",
        row.status === "PENDING" && row.expiresAt <= now ? PROPOSAL_EXPIRED : PROPOSAL_CLOSED,
      );
    await audit(tx, "withdrawn", { amountCents: row.amountCents });
    return { proposalId: row.id, orderId: row.orderId, kind: proposal.kind, amountCents: row.amountCents };
  });
}

/** Closes an order's waiting proposals of `kind` (the order was decided another way). */
export async function cancelWaitingProposals(db: Db, orderId: string, kind: ProposalKind): Promise<void> {
  const cancel = proposalStatus.move("PENDING", "CANCELLED");
  await db.dualControlProposal.updateMany({
    where: { orderId, kind, ...cancel.where },
    data: { ...cancel.data, decidedAt: new Date() },
  });
}

export type ProposalView = {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus | "EXPIRED";
  amountCents: number;
  proposedByEmail: string;
  proposedByMe: boolean;
  confirmedByEmail: string | null;
  confirmNote: string | null;
  error: string | null;
  expiresAt: Date;
  createdAt: Date;
  /** APPROVE: the reason code and note the proposer gave; REFUND: the refund's reason. */
  reason: string | null;
  note: string | null;
};

/** An order's proposals for its review page, newest first; a PENDING one past its expiry reads EXPIRED. */
export async function listProposals(
  db: Db,
  actor: Actor | null,
  orderId: string,
  now = new Date(),
): Promise<ProposalView[]> {
  const staff = requirePermission(actor, "orders.view");
  const rows = await db.dualControlProposal.findMany({ where: { orderId }, orderBy: { createdAt: "desc" }, take: 50 });
  return rows.map((row) => {
    const p = toProposal(row);
    let input: { reason?: unknown; note?: unknown } = {};
    try {
      input = JSON.parse(row.input) as typeof input;
    } catch {
      // Written by createProposal as JSON; an unreadable one shows no reason.
    }
    return {
      id: p.id,
      kind: p.kind,
      status: p.status === "PENDING" && p.expiresAt <= now ? "EXPIRED" : p.status,
      amountCents: p.amountCents,
      proposedByEmail: p.proposedByEmail,
      proposedByMe: p.proposedById === staff.id,
      confirmedByEmail: row.confirmedByEmail,
      confirmNote: row.confirmNote,
      error: row.error,
      expiresAt: p.expiresAt,
      createdAt: row.createdAt,
      reason: typeof input.reason === "string" ? input.reason : null,
      note: typeof input.note === "string" ? input.note : null,
    };
  });
}
