import "server-only";
import { env } from "@/lib/env";
import { createDb, type DbClient } from "./client";

export type { Db, DbClient } from "./client";

// One client per process; kept on globalThis so development reloads do not open new pools.
const globalForDb = globalThis as unknown as { storeDb?: DbClient };

export function db(): DbClient {
  globalForDb.storeDb ??= createDb(env().DATABASE_URL, { poolSize: env().DATABASE_POOL_SIZE });
  return globalForDb.storeDb;
}
