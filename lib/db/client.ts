// Builds a Prisma client for a URL: better-sqlite3 for a SQLite file, node-postgres for a
// postgresql:// URL. Each provider has its own generated client (the provider is fixed at
// generate time); both are generated from the one schema, so the SQLite client's type serves
// for both.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, type Prisma } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { isPostgresUrl } from "./url";

/** The process's client: it can open transactions and be disconnected. */
export type DbClient = SqliteClient;

/**
 * What domain functions take: the client itself or a transaction opened on it. A function that
 * writes several rows that must stand or fall together uses `inTransaction` (./transaction),
 * which joins the caller's transaction when it is given one.
 */
export type Db = Prisma.TransactionClient;

export function createDb(url: string, options: { poolSize?: number } = {}): DbClient {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    return new PostgresClient({ adapter }) as unknown as DbClient;
  }
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new SqliteClient({ adapter });
}
