// npm run audit:verify [-- --checkpoint <file>] — recomputes the audit log's signed chain and
// exits 1 naming the first entry that was edited, deleted, inserted, reordered or forged. With a
// checkpoint file (AUDIT_CHECKPOINT_FILE, or the lines the webhook received), also that the
// newest checkpointed entry is still there unchanged, which catches deleted newest entries; a
// checkpoint file with a forged line is refused. Needs only DATABASE_URL (e.g. a read-only
// replica) and AUDIT_HMAC_KEYS. Exit codes: 0 intact, 1 tampering found, 2 could not check.
// Runs with the react-server condition (see package.json): lib/audit is marked server-only.
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { readCheckpointFile } from "@/lib/audit/checkpoint-file";
import { verifyAuditChain, type AuditAnchor } from "@/lib/audit/log";
import { createDb } from "@/lib/db/client";
import { auditHmacKeysSchema } from "@/lib/env";
import { parseKeyringSpec } from "@/lib/security/crypto";

const stop = (code: number, message: string): never => {
  (code === 0 ? console.log : console.error)(`audit:verify: ${message}`);
  process.exit(code);
};

let args: { checkpoint?: string; help?: boolean };
try {
  args = parseArgs({ options: { checkpoint: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
} catch (error) {
  stop(
    2,
    `${error instanceof Error ? error.message : "bad arguments"} (usage: npm run audit:verify [-- --checkpoint <file>])`,
  );
}
if (args!.help)
  stop(0, "usage: npm run audit:verify [-- --checkpoint <file of signed checkpoints, one JSON line each>]");

if (!process.env.DATABASE_URL && existsSync(".env.local")) process.loadEnvFile(".env.local");
const url = process.env.DATABASE_URL;
if (!url) stop(2, "DATABASE_URL is not set");
const keys = auditHmacKeysSchema.safeParse(process.env.AUDIT_HMAC_KEYS);
if (!keys.success) stop(2, keys.error.issues.map((i) => i.message).join("; "));
const keyring = parseKeyringSpec(keys.data!);

let checkpoint: AuditAnchor | null = null;
let checkpointNote = "no checkpoint given: deleted newest entries cannot be detected (pass --checkpoint <file>)";
if (args!.checkpoint) {
  const file = readCheckpointFile(keyring, args!.checkpoint);
  if (!file.ok) stop(file.reason.startsWith("cannot read") ? 2 : 1, `checkpoint refused: ${file.reason}`);
  else {
    checkpoint = file.checkpoint;
    for (const note of file.skipped) console.warn(`audit:verify: checkpoint file: skipped ${note}`);
    checkpointNote = `holds checkpointed entry #${checkpoint.seq} of ${checkpoint.at} (newest of ${file.valid} valid checkpoint line(s))`;
  }
}

const db = createDb(url!);
let exitCode = 0;
try {
  const result = await verifyAuditChain(db, { keyring, checkpoint });
  if (result.ok) {
    const kinds =
      result.legacy > 0
        ? ` (${result.count - result.legacy} keyed, ${result.legacy} legacy unkeyed from before AUDIT_HMAC_KEYS)`
        : "";
    console.log(
      `audit:verify: OK, ${result.count} entries${kinds}, chain intact${result.tip ? ` up to #${result.tip.seq}` : ""}; ${checkpointNote} (${result.checkedAt.toISOString()})`,
    );
  } else {
    console.error(
      `audit:verify: BROKEN at entry #${result.firstBadSeq} (${result.problem}): the entry ${result.reason} (${result.count} entries before it are intact)`,
    );
    exitCode = 1;
  }
} catch (error) {
  console.error("audit:verify: could not read the audit log", error instanceof Error ? error.message : error);
  exitCode = 2;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
