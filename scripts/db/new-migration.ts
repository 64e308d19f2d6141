// npm run db:migration -- <name>
// Writes the next migration for BOTH providers from the one schema. Each migration folder keeps
// a copy of the schema it brings the database to (schema.snapshot.prisma), and the next
// migration is the diff from that snapshot to the current schema: this needs no shadow database
// and no native engine, so it works offline. tests/integration/schema-drift.test.ts proves that
// replaying each history gives exactly the database the current schema describes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync, copyFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
execFileSync("npx", ["tsx", "scripts/db/derive-postgres-schema.ts"], { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const providers = [
  {
    schema: "prisma/schema.prisma",
    dir: "prisma/migrations",
    url: `file:${join(mkdtempSync(join(tmpdir(), "mig-")), "x.db")}`,
    lock: "sqlite",
  },
  {
    schema: "prisma/postgres/schema.prisma",
    dir: "prisma/postgres/migrations",
    url: process.env.MIGRATION_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    lock: "postgresql",
  },
];

for (const p of providers) {
  mkdirSync(p.dir, { recursive: true });
  const previous = readdirSync(p.dir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .at(-1);
  const from = previous
    ? ["--from-schema-datamodel", join(p.dir, previous, "schema.snapshot.prisma")]
    : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", p.schema, "--script"],
    { env: { ...process.env, DATABASE_URL: p.url }, encoding: "utf8" },
  );
  if (/This is an empty migration/.test(sql) || sql.trim() === "") {
    console.log(`${p.dir}: no changes`);
    continue;
  }
  const folder = join(p.dir, `${stamp}_${name}`);
  mkdirSync(folder);
  writeFileSync(join(folder, "migration.sql"), sql);
  copyFileSync(p.schema, join(folder, "schema.snapshot.prisma"));
  const lockFile = join(p.dir, "migration_lock.toml");
  if (!existsSync(lockFile)) writeFileSync(lockFile, `provider = "${p.lock}"\n`);
  console.log(`wrote ${folder}`);
}
