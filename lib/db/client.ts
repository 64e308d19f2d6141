// Builds a Prisma client for a URL: better-sqlite3 for a SQLite file, node-postgres for a
// postgresql:// URL. Each provider has its own generated client (the provider is fixed at
// generate time); both are generated from the one schema, so the SQLite client's type serves
// for both.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { isPostgresUrl } from "./url";

export type Db = SqliteClient;

export function createDb(url: string, options: { poolSize?: number } = {}): Db {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new SqliteClient({ adapter });
}
