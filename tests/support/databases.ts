// Real databases for integration tests: a fresh SQLite file always, and a fresh PostgreSQL
// database when TEST_DATABASE_URL names a server (CI sets it). Each call migrates a new,
// empty database, so test files never share state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

export type TestDatabase = { provider: "sqlite" | "postgresql"; url: string; db: Db; drop(): Promise<void> };

export const providers = (): Array<"sqlite" | "postgresql"> =>
  process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export async function freshDatabase(provider: "sqlite" | "postgresql"): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "store-test-"));
    const url = `file:${join(dir, "test.db")}`;
    await migrate(url);
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      drop: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("TEST_DATABASE_URL is not set");
  const name = `store_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  const db = createDb(url.toString(), { poolSize: 20 });
  return {
    provider,
    url: url.toString(),
    db,
    drop: async () => {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
