// Generates both Prisma clients (SQLite and PostgreSQL) from the one schema. Generation reads
// no database; DATABASE_URL only has to be present for the schema's env() to resolve.
import { execFileSync } from "node:child_process";

execFileSync("npx", ["tsx", "scripts/db/derive-postgres-schema.ts"], { stdio: "inherit" });
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync("npx", ["prisma", "generate", "--schema", schema], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "file:./.data/store.db", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
console.log("generated Prisma clients for SQLite and PostgreSQL");
