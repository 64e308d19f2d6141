import "server-only";
import type { Db } from "@/lib/db";
import { alertRecipients, deliverDue } from "./deliver";
import { defaultAlertDeps } from "./deps";
import type { AlertChannel, AlertDeps, AlertInput } from "./types";
import { errorKind, logger } from "@/lib/logging/logger";

const log = logger.child({ component: "alerts" });

const MAX_MESSAGE = 2_000;

/**
 * Records an alert for the dashboard, queues one delivery per configured channel (EMAIL to
 * ALERT_EMAIL or else every admin and reviewer; WEBHOOK when ALERT_WEBHOOK_URL is set) and tries
 * them at once. A delivery that fails is left PENDING for deliverPendingAlerts to retry and never
 * fails the caller: a payment webhook must not be refused because a mail server is down.
 */
export async function raiseAlert(db: Db, input: AlertInput, deps?: AlertDeps): Promise<{ id: string }> {
  const d = deps ?? defaultAlertDeps();
  const alert = await recordAlert(db, input, d);
  await deliverAlert(db, alert.id, d);
  return alert;
}

/**
 * The database half of raiseAlert: the alert and its queued deliveries, nothing sent. For a
 * caller's transaction (the alert commits with the change it reports); call deliverAlert after
 * the commit.
 */
export async function recordAlert(db: Db, input: AlertInput, deps?: AlertDeps): Promise<{ id: string }> {
  const d = deps ?? defaultAlertDeps();
  const now = d.now?.() ?? new Date();
  const channels: AlertChannel[] = [];
  if ((await alertRecipients(db, d.env)).length > 0) channels.push("EMAIL");
  if (d.env.ALERT_WEBHOOK_URL) channels.push("WEBHOOK");
  const alert = await db.alert.create({
    data: {
      kind: input.kind,
      orderId: input.orderId ?? null,
      rule: input.rule ?? null,
      message: input.message.slice(0, MAX_MESSAGE),
      evidence: JSON.stringify(input.evidence),
      createdAt: now,
      deliveries: { create: channels.map((channel) => ({ channel, nextAttemptAt: now, createdAt: now })) },
    },
    select: { id: true },
  });
  if (channels.length === 0)
    log.warn({ alertId: alert.id, kind: input.kind }, "alert has no delivery channel: it shows only on the dashboard");
  return alert;
}

/** Tries a recorded alert's deliveries now; never throws (the scheduler retries what fails). */
export async function deliverAlert(db: Db, alertId: string, deps?: AlertDeps): Promise<void> {
  const d = deps ?? defaultAlertDeps();
  try {
    await deliverDue(db, d, { now: d.now?.() ?? new Date(), alertId });
  } catch (error) {
    log.error({ alertId, err: errorKind(error) }, "immediate delivery failed; the scheduler will retry");
  }
}
