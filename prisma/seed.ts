// npm run db:seed — applies migrations and seeds the demo data into DATABASE_URL.
import { createDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { seedDemo } from "@/lib/db/seed";

const url = process.env.DATABASE_URL ?? "file:./.data/store.db";
const migrations = await migrate(url);
const db = createDb(url);
try {
  // Demo accounts (with a published password) only outside a real production deployment.
  const demoAccounts = process.env.NODE_ENV !== "production" || ["1", "true"].includes(process.env.DEMO_MODE ?? "");
  const { catalog: result } = await seedDemo(db, { demoAccounts });
  console.log(`database ready: ${migrations.applied.length} migration(s) applied; ${result.products} products (${result.created} new) in ${result.categories} categories`);
} finally {
  await db.$disconnect();
}
