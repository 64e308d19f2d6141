// Derives prisma/postgres/schema.prisma from the one source of truth, prisma/schema.prisma.
// Only the provider and the generated client's folder differ; `--check` exits non-zero when the
// derived file on disk is stale (CI runs it after generating).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";

const source = readFileSync("prisma/schema.prisma", "utf8");
export const derived = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('output     = "../lib/generated/sqlite"', 'output     = "../../lib/generated/postgres"')
  .replace(
    /^\/\/ The one schema source of truth[\s\S]*?\n\n/m,
    "// GENERATED from prisma/schema.prisma by scripts/db/derive-postgres-schema.ts. Do not edit.\n\n",
  );

if (!derived.includes('provider = "postgresql"') || !derived.includes("lib/generated/postgres")) {
  throw new Error("prisma/schema.prisma no longer has the expected provider/output lines");
}
const target = "prisma/postgres/schema.prisma";
if (process.argv.includes("--check")) {
  if (!existsSync(target) || readFileSync(target, "utf8") !== derived) {
    console.error(`${target} is stale: run npm run db:schemas`);
    process.exit(1);
  }
} else {
  mkdirSync("prisma/postgres", { recursive: true });
  writeFileSync(target, derived);
}
