// One transaction for a change and everything that must commit with it (its audit entry, its
// side rows). Domain functions take `db: Db`, which may already be a transaction: inTransaction
// then joins it instead of opening a second one (Prisma has no nested transactions, and a
// second connection would wait on the first one's locks), so a caller can wrap several domain
// calls in one transaction and each callee stays correct on its own.
import type { Db, DbClient } from "./client";

// A sale sends many checkouts at once; SQLite runs their transactions one after another, so
// each may wait its turn longer than Prisma's 2-second default before giving up.
const TRANSACTION_LIMITS = { maxWait: 15_000, timeout: 15_000 };

/** `timeout` for the rare long transaction (a CSV import of up to 1,000 products, lib/catalog/import.ts). */
export type TransactionOptions = { isolationLevel?: "Serializable"; timeout?: number };

/** The root client can open a transaction; a transaction client cannot ($transaction is withheld). */
export function isTransaction(db: Db): boolean {
  return !("$transaction" in db);
}

/** Runs `work` in a transaction: the caller's when `db` is one, otherwise a new one. */
export async function inTransaction<T>(
  db: Db,
  work: (tx: Db) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (isTransaction(db)) return work(db);
  return (db as DbClient).$transaction((tx) => work(tx), { ...TRANSACTION_LIMITS, ...options });
}

/** Which database a client (or a transaction on it) talks to. */
export function providerOf(db: Db): "sqlite" | "postgresql" {
  // Prisma keeps the generated client's provider on the client and forwards it to transaction
  // clients; the two generated clients differ only in this.
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}
