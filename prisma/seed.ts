// npm run db:seed — applies migrations and seeds the demo data into DATABASE_URL.
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/db/seed";

const url = process.env.DATABASE_URL ?? "file:./.data/store.db";
const migrations = await migrate(url);
const db = createDb(url);
try {
  // Demo accounts only outside a real production deployment, and only with this install's own
  // password (DEMO_PASSWORD, which `npm start` generates into .env.local).
  const demoAllowed = process.env.NODE_ENV !== "production" || ["1", "true"].includes(process.env.DEMO_MODE ?? "");
  const demoPassword = demoAllowed ? process.env.DEMO_PASSWORD || undefined : undefined;
  const { catalog: result, accounts } = await seedDemo(db, { demoPassword });
  console.log(
    `database ready: ${migrations.applied.length} migration(s) applied; ${result.products} products (${result.created} new) in ${result.categories} categories; ${accounts} demo account(s) created`,
  );
  if (demoAllowed && !demoPassword)
    console.log("demo accounts not seeded: DEMO_PASSWORD is not set (npm start writes one to .env.local)");
} finally {
  await db.$disconnect();
}
