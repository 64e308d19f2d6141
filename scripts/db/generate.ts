// Generates both Prisma clients (SQLite and PostgreSQL) from the one schema. Generation reads
// no database, but prisma.config.ts picks the schema and the JavaScript engine by DATABASE_URL,
// so each run gets a URL of its own provider (a mismatch makes the CLI fetch native engines).
import { execFileSync } from "node:child_process";

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
console.log("generated Prisma clients for SQLite and PostgreSQL");
