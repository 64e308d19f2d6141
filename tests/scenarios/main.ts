// npm run fraud:scenarios — plays every labelled scenario on a fresh SQLite database with the
// shipped rule settings and prints the table (scenario, expected, status, rules, score) and the
// totals. Exits 1 when a fraud scenario is not held with its rule named, or when more than 5% of
// the legitimate ones are held (the same bar as tests/integration/fraud-scenarios.test.ts).
import "../support/audit-keys";
import { seedCatalog } from "@/lib/db/seed";
import { freshDatabase } from "../support/databases";
import { startPayments } from "../support/payments";
import { markdown, runScenarios } from "./run";

// The store logs each webhook it processes; the table is what this command is for.
console.log = () => undefined;
const database = await freshDatabase("sqlite");
const pay = await startPayments(database.db);
try {
  await seedCatalog(database.db);
  const result = await runScenarios(database.db, pay);
  process.stdout.write(`${markdown(result)}\n`);
  const { totals } = result;
  const ok = totals.fraudHeld === totals.fraud && totals.legitimateHeld <= Math.floor(totals.legitimate * 0.05);
  process.exitCode = ok ? 0 : 1;
} finally {
  await pay.close();
  await database.drop();
}
