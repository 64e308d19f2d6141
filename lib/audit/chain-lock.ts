import "server-only";
import type { Db } from "@/lib/db";
import { providerOf } from "@/lib/db/transaction";

// Appends to the audit chain are serialized: each reads the newest entry and links to it, so
// two appends must not read the same tip. The lock is taken inside the transaction that writes
// the entry (often the caller's, together with the change it records) and held until that
// transaction ends, so the next appender reads the tip only after this entry is committed or
// rolled back. Append the entry as the last write of a transaction, so the lock is held briefly
// and never taken before a row lock another appender may hold.

// Any constant distinct from the migration runner's lock (lib/db/migrate.ts).
const AUDIT_CHAIN_LOCK = 727_275;

export async function lockAuditChain(tx: Db): Promise<void> {
  if (providerOf(tx) === "postgresql") {
    // Released by PostgreSQL itself at commit or rollback.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    return;
  }
  // SQLite has one writer at a time. A write that changes nothing takes that write lock now
  // (waiting its turn under the busy timeout) rather than after the tip is read, when another
  // process's newer commit would make the transaction fail instead of wait.
  await tx.$executeRawUnsafe(`UPDATE "AuditLog" SET "seq" = "seq" WHERE 0`);
}
