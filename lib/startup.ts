import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "startup" });

// Called once per server instance (instrumentation.ts): refuse to serve with a bad configuration,
// then start the background jobs.
export function startServer(): void {
  try {
    env();
  } catch (error) {
    // The message names the settings (never their values); no stack for a configuration error.
    log.fatal(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  if (!env().STORE_DISABLE_SCHEDULER && env().NODE_ENV !== "test") startSchedulers();
}

const ALERTS_EVERY_MS = 60_000;
// Stranded checkouts hold stock other shoppers are told is sold out: looked at every minute.
const PENDING_CHECKOUTS_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 5 * 60_000;

// Each instance runs its own timers; the jobs claim their rows with conditional updates, so
// instances (and `npm run sweep` from cron) overlapping is harmless. Within one instance a tick
// is skipped while the previous run of the same job is still going.
function startSchedulers(): void {
  const globalForJobs = globalThis as unknown as { storeJobs?: boolean };
  if (globalForJobs.storeJobs) return;
  globalForJobs.storeJobs = true;

  every(ALERTS_EVERY_MS, "alert delivery", async () => {
    const [{ db }, { deliverPendingAlerts, defaultAlertDeps }] = await Promise.all([
      import("@/lib/db"),
      import("@/lib/alerts"),
    ]);
    await deliverPendingAlerts(db(), defaultAlertDeps());
  });
  // The checkout shield's breaker also closes (and alerts) when no checkout comes to ask it.
  every(ALERTS_EVERY_MS, "checkout breaker", async () => {
    const [{ db }, { evaluateBreaker }] = await Promise.all([import("@/lib/db"), import("@/lib/shield/breaker")]);
    await evaluateBreaker(db());
  });
  every(PENDING_CHECKOUTS_EVERY_MS, "pending checkouts", async () => {
    const [{ db }, { stripe }, { reconcilePendingCheckouts }] = await Promise.all([
      import("@/lib/db"),
      import("@/lib/payments/stripe"),
      import("@/lib/orders/pending-checkouts"),
    ]);
    await reconcilePendingCheckouts(db(), stripe());
  });
  every(SWEEP_EVERY_MS, "authorization sweep", async () => {
    const [{ db }, { stripe }, { sweepAuthorizations }] = await Promise.all([
      import("@/lib/db"),
      import("@/lib/payments/stripe"),
      import("@/lib/orders/sweep"),
    ]);
    await sweepAuthorizations(db(), stripe());
  });
  every(SWEEP_EVERY_MS, "audit checkpoint", async () =>
    (await import("@/lib/audit/checkpoint")).runScheduledCheckpoint(),
  );
  every(SWEEP_EVERY_MS, "expired sign-in records and cart request keys", async () => {
    const [{ db }, { purgeExpiredAuthRecords }, { purgeExpiredCartRequests }] = await Promise.all([
      import("@/lib/db"),
      import("@/lib/auth/purge"),
      import("@/lib/cart/request-keys"),
    ]);
    await purgeExpiredAuthRecords(db());
    await purgeExpiredCartRequests(db());
  });
  every(SWEEP_EVERY_MS, "picture files no product uses", async () => {
    const [{ db }, { imageStorage }, { sweepOrphanImages }] = await Promise.all([
      import("@/lib/db"),
      import("@/lib/catalog/images/storage"),
      import("@/lib/catalog/images/orphans"),
    ]);
    await sweepOrphanImages(db(), imageStorage());
  });
  every(SWEEP_EVERY_MS, "retention", async () => (await import("@/lib/privacy/scheduled")).runScheduledRetention());
}

function every(ms: number, name: string, job: () => Promise<void>): void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    job()
      .catch((error: unknown) => log.error({ job: name, err: error }, "scheduled job failed"))
      .finally(() => {
        running = false;
      });
  }, ms);
  // The timers never keep a stopping process alive.
  timer.unref();
}
