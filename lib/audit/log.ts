import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { lockAuditChain } from "./chain-lock";

// The audit log is an append-only hash chain: every entry stores the hash of the entry before
// it and a SHA-256 over its own content plus that link. Editing, deleting or reordering a row
// breaks the chain at that row, and verifyAuditChain names the first broken entry. There is
// deliberately no function here that updates or deletes an entry.
//
// Appends are serialized by a lock held until the appending transaction ends (./chain-lock.ts),
// so an entry can commit together with the change it records, and the chain never forks; seq
// order is chain order. prevHash is also UNIQUE in the schema, as a backstop.

export const GENESIS_HASH = "0".repeat(64);
export const AUDIT_PAGE_SIZE = 50;

const VERIFY_BATCH = 500;

export type AuditActor = { id: string; email: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
};

export type AuditVerification =
  | { ok: true; count: number; checkedAt: Date }
  | { ok: false; count: number; firstBadSeq: number; reason: string; checkedAt: Date };

type HashedFields = { prevHash: string; at: Date; actorId: string | null; actorEmail: string | null; action: string; target: string | null; detail: string; ip: string | null };

/** JSON with object keys sorted at every level, so the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const source = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(source)
        .sort()
        .map((k) => [k, sortKeys(source[k])]),
    );
  }
  return value;
}

/** The entry's hash: SHA-256 (hex) over a canonical JSON of every stored field and the link. */
export function auditHash(fields: HashedFields): string {
  const canonical = canonicalJson({
    prevHash: fields.prevHash,
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorEmail: fields.actorEmail,
    action: fields.action,
    target: fields.target,
    detail: fields.detail,
    ip: fields.ip,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * Appends one entry to the chain and returns its sequence number and hash. Given a transaction,
 * the entry commits or rolls back with it.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  // Round-trip through JSON first: Dates become strings and undefined fields disappear, exactly
  // as they will read back, so the stored text is what the hash covers.
  const detail = canonicalJson(JSON.parse(JSON.stringify(entry.detail ?? {})) as unknown);
  const base = { actorId: entry.actor?.id ?? null, actorEmail: entry.actor?.email ?? null, action: entry.action, target: entry.target ?? null, detail, ip: entry.ip ?? null };
  return inTransaction(db, async (tx) => {
    await lockAuditChain(tx);
    const tip = await tx.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const prevHash = tip?.hash ?? GENESIS_HASH;
    const at = new Date();
    const hash = auditHash({ ...base, prevHash, at });
    return tx.auditLog.create({ data: { ...base, prevHash, at, hash }, select: { seq: true, hash: true } });
  });
}

/**
 * Walks the whole chain in seq order and recomputes every hash. Reports the first entry whose
 * content no longer matches its hash (edited) or that does not link to the entry before it
 * (a row deleted, inserted or reordered before it). Removing the newest entries leaves a
 * shorter valid chain, which is why the result carries the count.
 */
export async function verifyAuditChain(db: Db, { batchSize = VERIFY_BATCH }: { batchSize?: number } = {}): Promise<AuditVerification> {
  const checkedAt = new Date();
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let cursor: number | undefined;
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of rows) {
      if (row.prevHash !== expectedPrev) {
        return { ok: false, count, firstBadSeq: row.seq, reason: "does not link to the entry before it (an entry was deleted, inserted or reordered)", checkedAt };
      }
      if (auditHash(row) !== row.hash) {
        return { ok: false, count, firstBadSeq: row.seq, reason: "its content no longer matches its hash (the entry was edited)", checkedAt };
      }
      expectedPrev = row.hash;
      count++;
    }
    if (rows.length < batchSize) return { ok: true, count, checkedAt };
    cursor = rows[rows.length - 1]!.seq;
  }
}

/** One page of the log for the dashboard, newest first, optionally one action only. */
export async function listAudit(db: Db, { page, action }: { page: number; action?: string | null }) {
  const current = Math.max(1, Math.floor(page));
  const where = action ? { action } : {};
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { seq: "desc" },
      skip: (current - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      select: { seq: true, at: true, actorId: true, actorEmail: true, action: true, target: true, detail: true, ip: true },
    }),
  ]);
  return { page: current, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), total, rows };
}
