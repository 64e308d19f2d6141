// Applies the committed SQL migrations of the provider a URL names, in order, once each.
// Prisma's own `migrate deploy` cannot talk to PostgreSQL through the JavaScript driver adapter
// (prisma/prisma#27403), and the store must install without native engines, so both providers go
// through this small runner: one transaction per migration, a checksum so an edited migration is
// refused, and on PostgreSQL an advisory lock so two instances starting together migrate once.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl, sqlitePath } from "./url";

export type MigrationResult = { applied: string[]; skipped: number };

type Migration = { name: string; sql: string; checksum: string };

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((d) => /^\d{14}_[a-z0-9_]+$/.test(d))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkKnown(known: Map<string, string>, all: Migration[]): Migration[] {
  for (const m of all) {
    const seen = known.get(m.name);
    if (seen !== undefined && seen !== m.checksum) {
      throw new Error(`Migration ${m.name} was edited after it was applied; add a new migration instead.`);
    }
  }
  return all.filter((m) => !known.has(m.name));
}

const LEDGER = `CREATE TABLE IF NOT EXISTS "_store_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

export async function migrate(url: string, root = process.cwd()): Promise<MigrationResult> {
  if (isPostgresUrl(url)) return migratePostgres(url, join(root, "prisma/postgres/migrations"));
  return migrateSqlite(sqlitePath(url), join(root, "prisma/migrations"));
}

function migrateSqlite(path: string, dir: string): MigrationResult {
  if (path !== ":memory:" && !existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // WAL lets readers continue while a checkout writes; the busy timeout queues writers
    // instead of failing them.
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(LEDGER);
    const known = new Map(
      db
        .prepare(`SELECT "name", "checksum" FROM "_store_migrations"`)
        .all()
        .map((r) => {
          const row = r as { name: string; checksum: string };
          return [row.name, row.checksum] as const;
        }),
    );
    const all = readMigrations(dir);
    const pending = checkKnown(known, all);
    for (const m of pending) {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_store_migrations" VALUES (?, ?, ?)`).run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
      }).immediate();
    }
    return { applied: pending.map((m) => m.name), skipped: all.length - pending.length };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, dir: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(LEDGER);
    const rows = await client.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "_store_migrations"`,
    );
    const all = readMigrations(dir);
    const pending = checkKnown(new Map(rows.rows.map((r) => [r.name, r.checksum])), all);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_store_migrations" VALUES ($1, $2, $3)`, [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    return { applied: pending.map((m) => m.name), skipped: all.length - pending.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}
