// npm run audit:verify — recomputes the audit log's hash chain and exits 1 when an entry was
// edited, deleted or reordered. Needs only DATABASE_URL (e.g. from a read-only replica).
// Runs with the react-server condition (see package.json): lib/audit is marked server-only.
import { existsSync } from "node:fs";
import { verifyAuditChain } from "@/lib/audit/log";
import { createDb } from "@/lib/db/client";

if (!process.env.DATABASE_URL && existsSync(".env.local")) process.loadEnvFile(".env.local");
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("audit:verify: DATABASE_URL is not set");
  process.exit(2);
}
const db = createDb(url);
let exitCode = 0;
try {
  const result = await verifyAuditChain(db);
  if (result.ok) {
    console.log(`audit:verify: OK, ${result.count} entries, chain intact (${result.checkedAt.toISOString()})`);
  } else {
    console.error(`audit:verify: BROKEN at entry #${result.firstBadSeq}: ${result.reason} (${result.count} entries before it are intact)`);
    exitCode = 1;
  }
} catch (error) {
  console.error("audit:verify: could not read the audit log", error instanceof Error ? error.message : error);
  exitCode = 2;
} finally {
  await db.$disconnect();
}
process.exit(exitCode);
