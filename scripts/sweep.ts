// npm run sweep — one pass of the background jobs, for cron or a one-off, then exits. Safe to
// run while servers run their own schedulers: every step claims its rows first. Runs with the
// react-server condition (see package.json) because the modules it uses are marked server-only.
// It reads its own, smaller configuration (sweepEnvSchema in lib/env.ts) and builds its own
// database, Stripe and mail clients from it: it never calls env(), so cron needs no session,
// encryption or webhook secret.
import { existsSync } from "node:fs";
import { deliverPendingAlerts, type AlertDeps } from "@/lib/alerts";
import { describeCheckpointRun, exportAuditCheckpoint } from "@/lib/audit/checkpoint";
import { installAuditKeys } from "@/lib/audit/keys";
import { purgeExpiredAuthRecords } from "@/lib/auth/purge";
import { purgeExpiredCartRequests } from "@/lib/cart/request-keys";
import { sweepOrphanImages } from "@/lib/catalog/images/orphans";
import { folderStorage } from "@/lib/catalog/images/storage";
import { createDb } from "@/lib/db/client";
import { createMailer } from "@/lib/email";
import { ConfigError, parseSweepEnv } from "@/lib/env";
import { sendOrderEmail } from "@/lib/orders/emails";
import { reconcilePendingCheckouts } from "@/lib/orders/pending-checkouts";
import { sweepAuthorizations } from "@/lib/orders/sweep";
import { describeRetention, purgeExpiredPersonalData, retentionPeriods } from "@/lib/privacy/retention";
import { createStripe } from "@/lib/payments/stripe";
import { parseKeyringSpec } from "@/lib/security/crypto";

const USAGE = `usage: npm run sweep

One pass of the store's background jobs, then exit (for cron; servers also run them unless
STORE_DISABLE_SCHEDULER=1):
  - pending checkouts: orders whose Checkout Session never existed, was never saved, or is past
    its expiry are expired (the provider is asked first) and their stock returned;
  - held orders: staff warned a day before the card authorization lapses, cancelled after;
  - pending alert deliveries retried;
  - expired sign-in steps, reset tokens and cart request keys deleted;
  - product picture files no product uses (an upload cut short) deleted after an hour;
  - retention (docs/privacy.md): old sign-in events and outbox emails deleted, old client IP
    addresses and user agents blanked, expired fraud-memory hashes deleted.

Settings (environment; locally .env.local is read when DATABASE_URL is not set):
  required  DATABASE_URL        file:./store.db or postgresql://…
            STRIPE_SECRET_KEY   sk_test_… / sk_live_… / rk_…
            APP_URL             the store's public URL, for the links in the emails it sends
  optional  STRIPE_API_URL      the local emulator (development, tests, DEMO_MODE only)
            SMTP_URL, MAIL_FROM mail (without SMTP_URL: the database outbox)
            ALERT_EMAIL, ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET   alert channels
            AUTH_SECRET         lets a guest's "order cancelled" email link to the order
            RETENTION_SIGN_IN_EVENTS_DAYS, RETENTION_CLIENT_ADDRESS_DAYS, RETENTION_OUTBOX_DAYS
                                retention in days (90, 365, 30)
            PRODUCT_IMAGES_DIR  the uploaded pictures' folder (.data/product-images)
            DATABASE_POOL_SIZE, NODE_ENV, DEMO_MODE
Nothing else is read: no session, encryption or webhook secret.

Exit status: 0 done, 1 a job failed, 2 bad configuration.`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}

// Locally, the settings npm start generated; in production they come from the environment.
if (!process.env.DATABASE_URL && existsSync(".env.local")) process.loadEnvFile(".env.local");
let config;
try {
  config = parseSweepEnv(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}

// Every audit entry the jobs write, and the checkpoint, are signed with the audit key.
const auditKeyring = parseKeyringSpec(config.AUDIT_HMAC_KEYS);
installAuditKeys(auditKeyring);
const database = createDb(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
const stripe = createStripe(config.STRIPE_SECRET_KEY ?? "", config.STRIPE_API_URL);
const mailer = createMailer({
  smtpUrl: config.SMTP_URL,
  from: config.MAIL_FROM,
  outbox: {
    async write(message) {
      await database.outboxEmail.create({
        data: {
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html ?? null,
          createdAt: message.createdAt,
        },
      });
    },
  },
});
const alerts: AlertDeps = {
  send: (message) => mailer.send(message),
  fetch: (...args) => fetch(...args),
  env: {
    APP_URL: config.APP_URL,
    ALERT_EMAIL: config.ALERT_EMAIL,
    ALERT_WEBHOOK_URL: config.ALERT_WEBHOOK_URL,
    ALERT_WEBHOOK_SECRET: config.ALERT_WEBHOOK_SECRET,
  },
};
const links = { appUrl: config.APP_URL.replace(/\/$/, ""), authSecret: config.AUTH_SECRET };

let exitCode = 0;
try {
  const checkouts = await reconcilePendingCheckouts(database, stripe);
  const swept = await sweepAuthorizations(database, stripe, new Date(), {
    alerts,
    notifyCancelled: (db, id) => sendOrderEmail(db, id, "cancelled", { mailer, links }),
  });
  const delivered = await deliverPendingAlerts(database, alerts);
  const purged = await purgeExpiredAuthRecords(database);
  const cartKeys = await purgeExpiredCartRequests(database);
  const pictures = await sweepOrphanImages(database, folderStorage(config.PRODUCT_IMAGES_DIR));
  console.log(
    `sweep: pending checkouts: ${checkouts.expired} expired, ${checkouts.awaitingWebhook} paid and awaiting their webhook, ${checkouts.errors} error(s); ` +
      `held orders: ${swept.warned} warned, ${swept.expired} expired (${swept.cancelFailed} cancel failed), ${swept.errors} error(s); ` +
      `alerts: ${delivered.delivered} delivered, ${delivered.retrying} retrying, ${delivered.failed} failed; ` +
      `expired records deleted: ${purged.pendingLogins} pending sign-ins, ${purged.loginTickets} login tickets, ${purged.resetTokens} reset tokens, ${cartKeys} cart request keys, ${purged.webAuthnChallenges} passkey challenges; ` +
      `picture files no product uses: ${pictures.removed} deleted`,
  );
  console.log(describeRetention(await purgeExpiredPersonalData(database, retentionPeriods(config))));
  console.log(
    describeCheckpointRun(
      await exportAuditCheckpoint(database, {
        keyring: auditKeyring,
        file: config.AUDIT_CHECKPOINT_FILE,
        env: alerts.env,
        fetch: (...args) => fetch(...args),
        now: () => new Date(),
      }),
    ),
  );
  if (swept.errors > 0 || checkouts.errors > 0) exitCode = 1;
} catch (error) {
  console.error("sweep failed", error);
  exitCode = 1;
} finally {
  await mailer.close();
  await database.$disconnect();
}
process.exit(exitCode);
