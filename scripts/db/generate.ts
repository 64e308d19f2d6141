// Generates both Prisma clients (SQLite and PostgreSQL) from the one schema. Generation reads
// no database, but prisma.config.ts picks the schema and the JavaScript engine by DATABASE_URL,
// so each run gets a URL of its own provider (a mismatch makes the CLI fetch native engines).
// --if-changed (npm start, npm run dev): skip when the schema and Prisma's version are the ones
// the clients were last generated from.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const STAMP = "lib/generated/schema-fingerprint";
const fingerprint = createHash("sha256")
  .update(readFileSync("prisma/schema.prisma"))
  .update(readFileSync("node_modules/prisma/package.json"))
  .digest("hex");
const current =
  ["lib/generated/sqlite", "lib/generated/postgres"].every((dir) => existsSync(dir)) &&
  existsSync(STAMP) &&
  readFileSync(STAMP, "utf8").trim() === fingerprint;
if (process.argv.includes("--if-changed") && current) {
  console.log("Prisma clients are up to date with prisma/schema.prisma");
  process.exit(0);
}

execFileSync("npx", ["tsx", "scripts/db/derive-postgres-schema.ts"], { stdio: "inherit" });
const runs = [
  { schema: "prisma/schema.prisma", url: "file:./.data/store.db" },
  { schema: "prisma/postgres/schema.prisma", url: "postgresql://localhost:5432/unused" },
];
for (const { schema, url } of runs) {
  execFileSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
writeFileSync(STAMP, `${fingerprint}\n`);
console.log("generated Prisma clients for SQLite and PostgreSQL");
