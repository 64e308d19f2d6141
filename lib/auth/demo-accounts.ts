// Demo accounts for `npm start` and the browser tests (never seeded in a non-demo production).
// Staff start WITHOUT two-factor authentication, so signing in as them shows the enrollment gate.
// Their password is the install's own (DEMO_PASSWORD, generated into .env.local by `npm start`
// and printed there), never a published one: a demo reachable from a network would otherwise
// hand its admin account to anyone who read the README.
// No `server-only` marker: the seed script runs outside Next.js.
import { hash } from "@node-rs/argon2";
import type { Db } from "@/lib/db/client";
import { HASH_OPTIONS, normalizePassword } from "./argon2-options";

const DEMO_ACCOUNTS = [
  { email: "admin@example.com", name: "Ada Admin", role: "ADMIN" },
  { email: "reviewer@example.com", name: "Rex Reviewer", role: "REVIEWER" },
  { email: "shopper@example.com", name: "Sam Shopper", role: "CUSTOMER" },
] as const;

/** Creates the demo accounts that are missing; existing ones are left exactly as they are. */
export async function seedDemoAccounts(db: Db, password: string): Promise<number> {
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const exists = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
    if (exists) continue;
    await db.user.create({ data: { ...account, passwordHash: await hash(normalizePassword(password), HASH_OPTIONS) } });
    created++;
  }
  return created;
}
