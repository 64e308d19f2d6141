import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { reasonLabel } from "@/lib/orders/decision-reasons";
import type { BlockInput } from "./blocklist";
import { normalizeEmail } from "./normalize";

// "Block this card" / "block this email" on the reject form. rejectOrder (lib/orders/staff-decisions.ts)
// asks here which entries the rejection should add before it changes anything (so a request that
// cannot be honoured refuses the whole rejection), then adds them through addBlock in the
// transaction that records the rejection: the order is rejected and blocked together, each entry
// audited as blocklist.add and named after the order it came from.

// A checkbox sends "on" when ticked and nothing otherwise; JSON callers may send a boolean.
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

export const blockSchema = z.object({ blockCard: checkbox, blockEmail: checkbox });
export type BlockFlags = z.infer<typeof blockSchema>;

export type PlannedBlock = Pick<BlockInput, "kind" | "value" | "reason">;

const NO_CARD = "This order has no card fingerprint on record, so its card cannot be blocked.";

/** The entries to add when rejecting `order` with these flags; values already blocked are skipped. */
export async function blocksForRejection(
  db: Db,
  order: { id: string; reference: string },
  flags: BlockFlags,
  why: { reason: string; note: string },
): Promise<PlannedBlock[]> {
  if (!flags.blockCard && !flags.blockEmail) return [];
  const row = await db.order.findUniqueOrThrow({
    where: { id: order.id },
    select: { email: true, payment: { select: { cardFingerprint: true } } },
  });
  const fingerprint = row.payment?.cardFingerprint ?? null;
  if (flags.blockCard && !fingerprint) throw new AppError("VALIDATION", NO_CARD, { blockCard: NO_CARD });
  const reason = `Rejected order ${order.reference} (${reasonLabel(why.reason)}): ${why.note}`.slice(0, 500);
  const wanted: PlannedBlock[] = [];
  if (flags.blockCard && fingerprint) wanted.push({ kind: "CARD", value: fingerprint, reason });
  const email = flags.blockEmail ? normalizeEmail(row.email) : null;
  if (email) wanted.push({ kind: "EMAIL", value: email, reason });
  if (wanted.length === 0) return [];
  const now = new Date();
  const existing = await db.blockEntry.findMany({
    where: {
      removedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      AND: [{ OR: wanted.map(({ kind, value }) => ({ kind, value })) }],
    },
    select: { kind: true, value: true },
  });
  return wanted.filter((w) => !existing.some((e) => e.kind === w.kind && e.value === w.value));
}
