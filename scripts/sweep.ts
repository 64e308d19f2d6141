// npm run sweep — one pass of the background jobs, for cron or a one-off: expires lapsed held
// orders (warning staff a day before), retries pending alert deliveries and deletes expired
// sign-in steps and reset tokens, then exits. Safe to
// run while servers run their own schedulers: every step claims its rows first. Runs with the
// react-server condition (see package.json) because the modules it uses are marked server-only.
import { existsSync } from "node:fs";
import { defaultAlertDeps, deliverPendingAlerts } from "@/lib/alerts";
import { db } from "@/lib/db";
import { purgeExpiredAuthRecords } from "@/lib/auth/purge";
import { env } from "@/lib/env";
import { sweepAuthorizations } from "@/lib/orders/sweep";
import { stripe } from "@/lib/payments/stripe";

// Locally, the settings npm start generated; in production they come from the environment.
if (!process.env.AUTH_SECRET && existsSync(".env.local")) process.loadEnvFile(".env.local");
env();
const database = db();
let exitCode = 0;
try {
  const swept = await sweepAuthorizations(database, stripe());
  const alerts = await deliverPendingAlerts(database, defaultAlertDeps());
  const purged = await purgeExpiredAuthRecords(database);
  console.log(
    `sweep: ${swept.warned} warned, ${swept.expired} expired (${swept.cancelFailed} cancel failed), ${swept.errors} error(s); alerts: ${alerts.delivered} delivered, ${alerts.retrying} retrying, ${alerts.failed} failed; ` +
      `expired sign-in records deleted: ${purged.pendingLogins} pending sign-ins, ${purged.loginTickets} login tickets, ${purged.resetTokens} reset tokens, ${purged.webAuthnChallenges} passkey challenges`,
  );
  if (swept.errors > 0) exitCode = 1;
} catch (error) {
  console.error("sweep failed", error);
  exitCode = 1;
} finally {
  await database.$disconnect();
}
process.exit(exitCode);
