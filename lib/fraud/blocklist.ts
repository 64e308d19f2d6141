import "server-only";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { ipInCidrs, parseCidr, CidrParseError } from "@/lib/net/cidr";
import { formatIp } from "@/lib/net/ip";
import { normalizeEmail } from "./normalize";

// Block lists (docs/checkout-shield.md): staff refuse a card fingerprint, an email, a network or
// a card BIN, from an order ("block this card") or from /admin/blocklist. A blocked email or
// network cannot start a checkout (lib/checkout/start-checkout.ts); a blocked card is refused
// at authorization (lib/payments/authorization.ts). Entries have a reason and an optional
// expiry; adding, removing and every hit are audited. Values are stored normalized, so
// " Bot+1@GMail.com" blocks bot@gmail.com and every +tag of it.
//
// API for other modules:
//   addBlock(db, actor, { kind, value, reason, expiresAt }, { ip })  -> the entry (throws AppError)
//   removeBlock(db, actor, id, { ip })
//   isBlocked(db, { email?, ip?, cardFingerprint?, bin? })            -> the first matching entry or null
//   recordBlockHit(db, entry, { where, orderId })                    -> counts and audits a refusal
//   listBlocks(db, actor, { includeInactive })

export const BLOCK_KINDS = ["CARD", "EMAIL", "NETWORK", "BIN"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const BLOCK_KIND_LABELS: Record<BlockKind, string> = {
  CARD: "Card fingerprint",
  EMAIL: "Email",
  NETWORK: "Address or network (CIDR)",
  BIN: "Card BIN",
};

export type BlockInput = { kind: BlockKind; value: string; reason: string; expiresAt?: Date | null };
export type BlockEntry = {
  id: string;
  kind: BlockKind;
  value: string;
  reason: string;
  expiresAt: Date | null;
  createdAt: Date;
  createdByEmail: string | null;
  removedAt: Date | null;
  hits: number;
  lastHitAt: Date | null;
};

const invalid = (message: string) => new AppError("VALIDATION", message, { value: message });

/** The stored form of a value, or a VALIDATION AppError saying what is wrong with it. */
export function normalizeBlockValue(kind: BlockKind, raw: string): string {
  const value = typeof raw === "string" ? raw.trim() : "";
  switch (kind) {
    case "CARD":
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(value))
        throw invalid("Enter the card fingerprint shown on the order (letters, digits, - and _).");
      return value;
    case "EMAIL": {
      const email = normalizeEmail(value);
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
        throw invalid("Enter a valid email address.");
      return email;
    }
    case "NETWORK":
      try {
        const cidr = parseCidr(value);
        return `${formatIp({ version: cidr.version, value: cidr.network })}/${cidr.prefix}`;
      } catch (error) {
        if (error instanceof CidrParseError)
          throw invalid(
            "Enter an address (203.0.113.7) or a network with no host bits set (203.0.113.0/24, 2001:db8::/48).",
          );
        throw error;
      }
    case "BIN":
      if (!/^\d{6,8}$/.test(value)) throw invalid("Enter the first 6 to 8 digits of the card number.");
      return value;
    default:
      throw invalid("Choose what to block.");
  }
}

const active = (now: Date) => ({ removedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

const toEntry = (row: {
  id: string;
  kind: string;
  value: string;
  reason: string;
  expiresAt: Date | null;
  createdAt: Date;
  createdByEmail: string | null;
  removedAt: Date | null;
  hits: number;
  lastHitAt: Date | null;
}): BlockEntry => ({ ...row, kind: row.kind as BlockKind });

/** Adds an entry (staff who decide orders; 2FA as for every admin action). Audited. */
export async function addBlock(
  db: Db,
  actor: Actor | null,
  input: BlockInput,
  { ip = null }: { ip?: string | null } = {},
): Promise<BlockEntry> {
  const staff = requirePermission(actor, "orders.decide");
  if (!(BLOCK_KINDS as readonly string[]).includes(input.kind)) throw invalid("Choose what to block.");
  const value = normalizeBlockValue(input.kind, input.value);
  const reason =
    typeof input.reason === "string" ? input.reason.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim() : "";
  if (reason.length < 3 || reason.length > 500)
    throw new AppError("VALIDATION", "Give a reason (3 to 500 characters).", {
      reason: "Give a reason (3 to 500 characters).",
    });
  const expiresAt = input.expiresAt ?? null;
  if (
    expiresAt &&
    (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())
  ) {
    throw new AppError("VALIDATION", "The expiry must be in the future.", {
      expiresAt: "The expiry must be in the future.",
    });
  }
  return inTransaction(db, async (tx) => {
    const row = await tx.blockEntry.create({
      data: { kind: input.kind, value, reason, expiresAt, createdById: staff.id, createdByEmail: staff.email },
    });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "blocklist.add",
      target: `block:${row.id}`,
      detail: { kind: input.kind, value, reason, expiresAt },
      ip,
    });
    return toEntry(row);
  });
}

/** Ends an entry (kept for the record). Audited; an already removed entry changes nothing. */
export async function removeBlock(
  db: Db,
  actor: Actor | null,
  id: string,
  { ip = null }: { ip?: string | null } = {},
): Promise<void> {
  const staff = requirePermission(actor, "orders.decide");
  if (typeof id !== "string" || id.length > 64) throw new AppError("NOT_FOUND", "That entry could not be found.");
  await inTransaction(db, async (tx) => {
    const removed = await tx.blockEntry.updateMany({
      where: { id, removedAt: null },
      data: { removedAt: new Date(), removedByEmail: staff.email },
    });
    if (removed.count !== 1) {
      if (!(await tx.blockEntry.findUnique({ where: { id }, select: { id: true } })))
        throw new AppError("NOT_FOUND", "That entry could not be found.");
      return;
    }
    const row = await tx.blockEntry.findUniqueOrThrow({ where: { id } });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "blocklist.remove",
      target: `block:${id}`,
      detail: { kind: row.kind, value: row.value },
      ip,
    });
  });
}

export type BlockProbe = {
  email?: string | null;
  ip?: string | null;
  cardFingerprint?: string | null;
  bin?: string | null;
};

/** The first active entry matching any of the given facts, or null. */
export async function isBlocked(db: Db, probe: BlockProbe, now = new Date()): Promise<BlockEntry | null> {
  const exact: Array<{ kind: BlockKind; value: string }> = [];
  const email = probe.email ? normalizeEmail(probe.email) : null;
  if (email) exact.push({ kind: "EMAIL", value: email });
  if (probe.cardFingerprint) exact.push({ kind: "CARD", value: probe.cardFingerprint });
  if (probe.bin && /^\d{6,8}$/.test(probe.bin)) {
    for (let n = 6; n <= probe.bin.length; n++) exact.push({ kind: "BIN", value: probe.bin.slice(0, n) });
  }
  if (exact.length > 0) {
    const hit = await db.blockEntry.findFirst({
      where: { ...active(now), AND: [{ OR: exact }] },
      orderBy: { createdAt: "asc" },
    });
    if (hit) return toEntry(hit);
  }
  if (probe.ip) {
    // Networks are matched in code: a block list holds tens or hundreds of entries, not millions.
    const networks = await db.blockEntry.findMany({
      where: { ...active(now), kind: "NETWORK" },
      orderBy: { createdAt: "asc" },
    });
    for (const row of networks) {
      try {
        if (ipInCidrs(probe.ip, [parseCidr(row.value)])) return toEntry(row);
      } catch {
        // Stored values are normalized on the way in; a bad row matches nothing.
      }
    }
  }
  return null;
}

/** Counts one refusal by an entry and audits it (where: "checkout" or "authorization"). */
export async function recordBlockHit(
  db: Db,
  entry: BlockEntry,
  {
    where,
    orderId = null,
    ip = null,
  }: { where: "checkout" | "authorization"; orderId?: string | null; ip?: string | null },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.blockEntry.update({ where: { id: entry.id }, data: { hits: { increment: 1 }, lastHitAt: new Date() } });
    await appendAudit(tx, {
      actor: null,
      action: "blocklist.hit",
      target: `block:${entry.id}`,
      detail: { kind: entry.kind, where, orderId },
      ip,
    });
  });
}

/** The entries for /admin/blocklist, newest first (active only unless asked). */
export async function listBlocks(
  db: Db,
  actor: Actor | null,
  { includeInactive = false }: { includeInactive?: boolean } = {},
): Promise<Array<BlockEntry & { state: "active" | "expired" | "removed" }>> {
  requirePermission(actor, "orders.view");
  const now = new Date();
  const rows = await db.blockEntry.findMany({
    where: includeInactive ? {} : active(now),
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  return rows.map((row) => ({
    ...toEntry(row),
    state: row.removedAt ? "removed" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
  }));
}
