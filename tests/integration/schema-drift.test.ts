// One schema, two migration histories: this fails when either history no longer produces the
// database that prisma/schema.prisma describes, or when the PostgreSQL schema was edited by hand.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { searchObjects } from "@/lib/catalog/search-objects";
import { migrate } from "@/lib/db/migrate";

const lastSnapshot = (dir: string) => {
  const last = readdirSync(dir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .at(-1);
  if (!last) throw new Error(`no migrations in ${dir}`);
  return readFileSync(join(dir, last, "schema.snapshot.prisma"), "utf8");
};

function expectedSql(schema: string, databaseUrl: string): string {
  return execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
    {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
}

function sqliteShape(path: string) {
  const db = new Database(path, { readonly: true });
  // The search index (an FTS5 table and its shadow tables) is not in schema.prisma: it is
  // checked by name below.
  const search = searchObjects.sqlite.table;
  const tables = (
    db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '_store_migrations' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).filter(({ name }) => name !== search && !name.startsWith(`${search}_`));
  const shape = tables.map(({ name }) => ({
    name,
    // ALTER TABLE appends columns, so position (cid) is not part of the shape.
    columns: (db.pragma(`table_info("${name}")`) as { cid: number; name: string }[])
      .map(({ cid: _cid, ...c }) => c)
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: (db.pragma(`index_list("${name}")`) as { name: string; unique: number }[])
      .map((i) => ({ ...i, cols: db.pragma(`index_info("${i.name}")`) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: db.pragma(`foreign_key_list("${name}")`),
  }));
  db.close();
  return shape;
}

describe("schema drift", () => {
  it("the derived PostgreSQL schema matches prisma/schema.prisma", () => {
    execFileSync("npx", ["tsx", "scripts/db/derive-postgres-schema.ts", "--check"], { stdio: "pipe" });
  });

  it("each history's latest snapshot is the current schema (no schema change without a migration)", () => {
    expect(lastSnapshot("prisma/migrations")).toBe(readFileSync("prisma/schema.prisma", "utf8"));
    expect(lastSnapshot("prisma/postgres/migrations")).toBe(readFileSync("prisma/postgres/schema.prisma", "utf8"));
  });

  it("replaying the SQLite migrations gives the database the schema describes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "drift-"));
    const replayed = join(dir, "replayed.db");
    await migrate(`file:${replayed}`);
    const direct = new Database(join(dir, "direct.db"));
    direct.exec(expectedSql("prisma/schema.prisma", `file:${join(dir, "unused.db")}`));
    direct.close();
    expect(sqliteShape(replayed)).toEqual(sqliteShape(join(dir, "direct.db")));
    // The hand-written search objects exist (and nothing else was added beside the schema).
    const db = new Database(replayed, { readonly: true });
    const extra = db
      .prepare(
        `SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger') AND (name = ? OR type = 'trigger') ORDER BY name`,
      )
      .all(searchObjects.sqlite.table);
    const sql = (
      db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(searchObjects.sqlite.table) as { sql: string }
    ).sql;
    db.close();
    expect(extra).toEqual([
      { type: "table", name: searchObjects.sqlite.table },
      ...[...searchObjects.sqlite.triggers].sort().map((name) => ({ type: "trigger", name })),
    ]);
    expect(sql).toMatch(/USING fts5\(/);
  });

  if (process.env.TEST_DATABASE_URL) {
    it("replaying the PostgreSQL migrations gives the database the schema describes", async () => {
      const admin = process.env.TEST_DATABASE_URL!;
      const names = [`drift_a_${process.pid}`, `drift_b_${process.pid}`];
      const urlFor = (name: string) => Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
      const root = new pg.Client({ connectionString: admin });
      await root.connect();
      try {
        for (const n of names) {
          await root.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
          await root.query(`CREATE DATABASE "${n}"`);
        }
        await migrate(urlFor(names[0]!));
        const direct = new pg.Client({ connectionString: urlFor(names[1]!) });
        await direct.connect();
        await direct.query(expectedSql("prisma/postgres/schema.prisma", admin));
        await direct.end();
        const shape = async (url: string) => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          const cols = await c.query(
            `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema='public' AND table_name <> '_store_migrations' ORDER BY 1, 2`,
          );
          const idx = await c.query(
            `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname='public' AND tablename <> '_store_migrations' AND NOT (indexname = ANY($1)) ORDER BY 1, 2`,
            [searchObjects.postgresql.indexes],
          );
          const search = await c.query(
            `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname='public' AND indexname = ANY($1) ORDER BY 1`,
            [searchObjects.postgresql.indexes],
          );
          const fks = await c.query(
            `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype='f' ORDER BY 1`,
          );
          await c.end();
          return {
            cols: cols.rows,
            idx: idx.rows,
            fks: fks.rows,
            search: search.rows as { indexname: string; indexdef: string }[],
          };
        };
        const { search: replayedSearch, ...replayedShape } = await shape(urlFor(names[0]!));
        const { search: directSearch, ...directShape } = await shape(urlFor(names[1]!));
        expect(replayedShape).toEqual(directShape);
        // The hand-written search index exists only where the migrations made it, and is a GIN index.
        expect(directSearch).toEqual([]);
        expect(replayedSearch.map((r) => r.indexname)).toEqual([...searchObjects.postgresql.indexes]);
        for (const r of replayedSearch) expect(r.indexdef).toMatch(/USING gin \(to_tsvector\('english'/);
      } finally {
        for (const n of names) await root.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
        await root.end();
      }
    });
  }
});
