// Shared by the audit integration tests (not a test file itself): what someone with write access
// to the database, but not the audit key, can do to the AuditLog table. They know the algorithm
// (the code is public) and can compute the plain SHA-256 chain the log used before it was keyed.
import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { canonicalJson, GENESIS_HASH } from "@/lib/audit/log";
import type { Db } from "@/lib/db/client";

type Row = {
  seq: number;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  target: string | null;
  detail: string;
  ip: string | null;
};

export const newAuditKey = () => randomBytes(32).toString("base64");

/** The unkeyed hash: what entries carried before AUDIT_HMAC_KEYS, and all a writer can compute. */
export function plainHash(row: Row, prevHash: string): string {
  const { at, actorId, actorEmail, action, target, detail, ip } = row;
  return createHash("sha256")
    .update(canonicalJson({ prevHash, at: at.toISOString(), actorId, actorEmail, action, target, detail, ip }))
    .digest("hex");
}

/**
 * Rewrites every entry from `fromSeq` on (up to `through`, when given) with a freshly computed plain hash chain (after an edit
 * or a deletion), touching only the columns that existed before the chain was keyed unless
 * `downgrade` also relabels the entries as unkeyed (version 0).
 */
export async function rehashFrom(
  db: Db,
  fromSeq: number,
  { downgrade = false, through }: { downgrade?: boolean; through?: number } = {},
): Promise<void> {
  const before = await db.auditLog.findFirst({
    where: { seq: { lt: fromSeq } },
    orderBy: { seq: "desc" },
    select: { hash: true },
  });
  let prevHash = before?.hash ?? GENESIS_HASH;
  const rows = await db.auditLog.findMany({
    where: { seq: { gte: fromSeq, ...(through === undefined ? {} : { lte: through }) } },
    orderBy: { seq: "asc" },
  });
  for (const row of rows) {
    const hash = plainHash(row, prevHash);
    await db.auditLog.update({
      where: { seq: row.seq },
      data: { prevHash, hash, ...(downgrade ? { keyVersion: 0 } : {}) },
    });
    prevHash = hash;
  }
}

/** Entries as the store wrote them before the upgrade: plain hashes, key version left to the column default. */
export async function insertLegacyEntries(db: Db, count: number): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++) {
    const tip = await db.auditLog.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
    const prevHash = tip?.hash ?? GENESIS_HASH;
    const row = {
      seq: 0,
      at: new Date(Date.now() - (count - i) * 60_000),
      actorId: "user-old",
      actorEmail: "old@example.com",
      action: "rules.save",
      target: `legacy:${i}`,
      detail: canonicalJson({ i }),
      ip: null,
    };
    const { seq: _seq, ...data } = row;
    seqs.push(
      (await db.auditLog.create({ data: { ...data, prevHash, hash: plainHash(row, prevHash) }, select: { seq: true } }))
        .seq,
    );
  }
  return seqs;
}

const run = promisify(execFile);

/** `npm run audit:verify` against a database, with the given audit keys; exit code and output. */
export async function auditVerifyCli(
  databaseUrl: string,
  keys: string | undefined,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUDIT_HMAC_KEYS: keys };
  if (keys === undefined) delete env.AUDIT_HMAC_KEYS;
  return run("npx", ["tsx", "--conditions=react-server", "scripts/audit-verify.ts", ...args], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}
