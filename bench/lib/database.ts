// A fresh database for a benchmark or scale-out run: a new SQLite file under .data/, or a new
// database on the PostgreSQL server a postgresql:// URL names (dropped again by `drop`).
import { rmSync } from "node:fs";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { isPostgresUrl } from "@/lib/db/url";

export type FreshDatabase = { provider: "sqlite" | "postgresql"; url: string; db: Db; drop(): Promise<void> };

export async function freshDatabase(
  serverUrl: string | undefined,
  name: string,
  poolSize = 20,
): Promise<FreshDatabase> {
  if (!serverUrl || !isPostgresUrl(serverUrl)) {
    const file = `.data/${name}.db`;
    const clean = () => {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    };
    clean();
    const url = `file:./${file}`;
    await migrate(url);
    const db = createDb(url);
    return { provider: "sqlite", url, db, drop: async () => void (await db.$disconnect()) };
  }
  const database = `${name.replace(/[^a-z0-9_]/gi, "_")}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  await migrate(url.toString());
  const db = createDb(url.toString(), { poolSize });
  return {
    provider: "postgresql",
    url: url.toString(),
    db,
    drop: async () => {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await c.end();
    },
  };
}
