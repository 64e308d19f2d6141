import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/security/crypto";
import { AuditKeyError, auditKeys, auditMac, LEGACY_KEY_VERSION, sameDigest } from "./keys";
import { inTransaction } from "@/lib/db/transaction";
import { lockAuditChain } from "./chain-lock";
import { currentRequestId } from "@/lib/logging/request-scope";

// The audit log is an append-only chain: every entry stores the hash of the entry before it and
// an HMAC-SHA256, under the newest AUDIT_HMAC_KEYS key, over its own content, that link and the
// key version (lib/audit/keys.ts). Editing, deleting, inserting or reordering a row breaks the
// chain at that row, and nobody without the key can recompute the chain after such a change.
// Deleting the newest entries leaves a shorter valid chain: a signed checkpoint of the tip
// (lib/audit/checkpoint.ts) kept outside the database catches that. There is deliberately no
// function here that updates or deletes an entry.
//
// Entries written before the chain was keyed carry key version 0 (plain SHA-256) and still
// verify, but only as the chain's prefix and only once a keyed entry follows them: that entry's
// MAC covers the last legacy hash, which pins every legacy entry. So a writer cannot downgrade
// keyed entries to version 0 and recompute them.
//
// Appends are serialized by a lock held until the appending transaction ends (./chain-lock.ts),
// so an entry can commit together with the change it records, and the chain never forks; seq
// order is chain order. prevHash is also UNIQUE in the schema, as a backstop.

export const GENESIS_HASH = "0".repeat(64);
export const AUDIT_PAGE_SIZE = 50;

const VERIFY_BATCH = 500;

type AuditActor = { id: string; email: string } | null;

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
};

/** A signed checkpoint's claim: the chain held entry `seq` with this hash (lib/audit/checkpoint). */
export type AuditAnchor = { seq: number; hash: string; at: string };

type AuditProblem =
  "link" | "edited" | "unknown-key" | "legacy-after-keyed" | "unsealed-legacy" | "checkpoint-mismatch" | "truncated";

export type AuditVerification =
  | {
      ok: true;
      count: number;
      legacy: number;
      tip: { seq: number; hash: string } | null;
      checkpoint: AuditAnchor | null;
      checkedAt: Date;
    }
  | { ok: false; count: number; firstBadSeq: number; problem: AuditProblem; reason: string; checkedAt: Date };

export type HashedFields = {
  keyVersion: number;
  prevHash: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  target: string | null;
  detail: string;
  ip: string | null;
};

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

/**
 * The entry's hash (hex): HMAC-SHA256 under key `keyVersion` over a canonical JSON of every
 * stored field, the link and the version; for version 0, the legacy plain SHA-256 over the same
 * fields without the version (exactly what entries written before the keys carry).
 * Throws AuditKeyError when the keyring lacks that version.
 */
export function auditHash(keyring: Keyring, fields: HashedFields): string {
  const content = {
    prevHash: fields.prevHash,
    at: fields.at.toISOString(),
    actorId: fields.actorId,
    actorEmail: fields.actorEmail,
    action: fields.action,
    target: fields.target,
    detail: fields.detail,
    ip: fields.ip,
  };
  if (fields.keyVersion === LEGACY_KEY_VERSION) return auditMac(keyring, LEGACY_KEY_VERSION, canonicalJson(content));
  return auditMac(
    keyring,
    fields.keyVersion,
    canonicalJson({ purpose: "audit-entry", keyVersion: fields.keyVersion, ...content }),
  );
}

/**
 * Appends one entry to the chain, signed with the newest audit key, and returns its sequence
 * number and hash. Given a transaction, the entry commits or rolls back with it.
 * Written while serving a request, the entry's detail names that request (`requestId`, the id
 * its log lines and X-Request-Id carry: lib/logging/request-scope.ts), under the MAC like the rest.
 */
export async function appendAudit(
  db: Db,
  entry: AuditEntry,
  keyring: Keyring = auditKeys(),
): Promise<{ seq: number; hash: string }> {
  const requestId = currentRequestId();
  // Round-trip through JSON first: Dates become strings and undefined fields disappear, exactly
  // as they will read back, so the stored text is what the hash covers.
  const detail = canonicalJson(
    JSON.parse(JSON.stringify({ ...entry.detail, ...(requestId === undefined ? {} : { requestId }) })) as unknown,
  );
  const base = {
    keyVersion: keyring.current,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    target: entry.target ?? null,
    detail,
    ip: entry.ip ?? null,
  };
  return inTransaction(db, async (tx) => {
    await lockAuditChain(tx);
    const tip = await tx.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const prevHash = tip?.hash ?? GENESIS_HASH;
    const at = new Date();
    const hash = auditHash(keyring, { ...base, prevHash, at });
    return tx.auditLog.create({ data: { ...base, prevHash, at, hash }, select: { seq: true, hash: true } });
  });
}

type VerifyOptions = { batchSize?: number; keyring?: Keyring; checkpoint?: AuditAnchor | null };

/**
 * Walks the whole chain in seq order and recomputes every MAC. Reports the first entry that was
 * edited, does not link to the entry before it (a row deleted, inserted or reordered), was signed
 * with a key the keyring lacks, or is an unkeyed entry where only keyed ones may be. With a
 * checkpoint, also that the chain still holds the checkpointed entry unchanged: a chain that is
 * shorter, or that was cut and grown again, fails there.
 */
export async function verifyAuditChain(
  db: Db,
  { batchSize = VERIFY_BATCH, keyring = auditKeys(), checkpoint = null }: VerifyOptions = {},
): Promise<AuditVerification> {
  const checkedAt = new Date();
  let expectedPrev = GENESIS_HASH;
  let count = 0;
  let legacy = 0;
  let keyedSeen = false;
  let checkpointSeen = false;
  let tip: { seq: number; hash: string } | null = null;
  let cursor: number | undefined;
  const fail = (firstBadSeq: number, problem: AuditProblem, reason: string): AuditVerification => ({
    ok: false,
    count,
    firstBadSeq,
    problem,
    reason,
    checkedAt,
  });
  for (;;) {
    const rows = await db.auditLog.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: "asc" },
      take: batchSize,
    });
    for (const row of rows) {
      if (checkpoint && !checkpointSeen && row.seq > checkpoint.seq)
        return fail(checkpoint.seq, "truncated", missingCheckpointEntry(checkpoint, tip, row.seq));
      if (row.prevHash !== expectedPrev) {
        return fail(
          row.seq,
          "link",
          "does not link to the entry before it (an entry was deleted, inserted or reordered)",
        );
      }
      if (row.keyVersion === LEGACY_KEY_VERSION) {
        if (keyedSeen)
          return fail(
            row.seq,
            "legacy-after-keyed",
            "is an unkeyed (version 0) entry after keyed ones: forged, or written by a store version without AUDIT_HMAC_KEYS",
          );
        legacy++;
      }
      let hash: string;
      try {
        hash = auditHash(keyring, row);
      } catch (error) {
        if (error instanceof AuditKeyError)
          return fail(row.seq, "unknown-key", `cannot be verified: it was ${error.message}`);
        throw error;
      }
      if (!sameDigest(hash, row.hash)) {
        return fail(
          row.seq,
          "edited",
          "no longer matches its signature (the entry was edited, or forged without the key)",
        );
      }
      if (row.keyVersion !== LEGACY_KEY_VERSION) keyedSeen = true;
      if (checkpoint && row.seq === checkpoint.seq) {
        if (!sameDigest(row.hash, checkpoint.hash))
          return fail(
            row.seq,
            "checkpoint-mismatch",
            `differs from the checkpoint of ${checkpoint.at}: the chain was rewritten from here back`,
          );
        checkpointSeen = true;
      }
      expectedPrev = row.hash;
      tip = { seq: row.seq, hash: row.hash };
      count++;
    }
    if (rows.length < batchSize) break;
    cursor = rows[rows.length - 1]!.seq;
  }
  if (checkpoint && !checkpointSeen) return fail(checkpoint.seq, "truncated", missingCheckpointEntry(checkpoint, tip));
  if (legacy > 0 && !keyedSeen) {
    // A chain of only version-0 entries is what a writer who stripped the keys would leave.
    return fail(
      tip!.seq,
      "unsealed-legacy",
      `ends a chain of unkeyed (version 0) entries that no keyed entry follows: forged, or the store has written nothing since AUDIT_HMAC_KEYS was set (the next \`npm run sweep\` writes one)`,
    );
  }
  return { ok: true, count, legacy, tip, checkpoint, checkedAt };
}

function missingCheckpointEntry(checkpoint: AuditAnchor, tip: { seq: number } | null, next?: number): string {
  const end =
    next !== undefined
      ? `the chain goes from ${tip ? `entry #${tip.seq}` : "its start"} to entry #${next}`
      : tip
        ? `the chain ends at entry #${tip.seq}`
        : "the chain is empty";
  return `is named by the checkpoint of ${checkpoint.at} but is missing (${end}): entries were deleted`;
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
      select: {
        seq: true,
        at: true,
        actorId: true,
        actorEmail: true,
        action: true,
        target: true,
        detail: true,
        ip: true,
      },
    }),
  ]);
  return { page: current, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), total, rows };
}
