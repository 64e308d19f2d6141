import "server-only";
import type { Db } from "@/lib/db";
import { alertEmail, alertWebhookBody, type AlertForDelivery } from "./content";
import { SIGNATURE_HEADER, signAlertPayload } from "./signature";
import type { AlertDeps } from "./types";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "alerts" });

// Sends PENDING alert deliveries and retries failures with exponential backoff. Every send is
// preceded by a conditional claim (an UPDATE that only matches a delivery still PENDING and
// due), so two instances, or a scheduler tick overlapping a raiseAlert, never send one
// delivery twice: the loser's UPDATE matches no row. The claim also moves nextAttemptAt a
// lease into the future, so a process that dies mid-send leaves the delivery to be retried.

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
const LEASE_MS = 5 * 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
const BATCH = 100;

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

export type DeliveryRun = { delivered: number; retrying: number; failed: number };

const alertSelect = {
  id: true,
  kind: true,
  rule: true,
  orderId: true,
  message: true,
  evidence: true,
  createdAt: true,
  order: { select: { reference: true } },
} as const;

/** Delivers every PENDING delivery due at `now`. Never throws for a delivery that fails. */
export async function deliverPendingAlerts(db: Db, deps: AlertDeps, now: Date = new Date()): Promise<DeliveryRun> {
  return deliverDue(db, deps, { now });
}

/** Same, limited to one alert's deliveries (raiseAlert's immediate attempt). */
export async function deliverDue(
  db: Db,
  deps: AlertDeps,
  { now, alertId }: { now: Date; alertId?: string },
): Promise<DeliveryRun> {
  const run: DeliveryRun = { delivered: 0, retrying: 0, failed: 0 };
  const due = await db.alertDelivery.findMany({
    where: {
      status: "PENDING",
      nextAttemptAt: { lte: now },
      attempts: { lt: MAX_ATTEMPTS },
      ...(alertId ? { alertId } : {}),
    },
    orderBy: { nextAttemptAt: "asc" },
    take: BATCH,
    select: { id: true, channel: true, attempts: true, alert: { select: alertSelect } },
  });
  for (const delivery of due) {
    const claimed = await db.alertDelivery.updateMany({
      where: { id: delivery.id, status: "PENDING", nextAttemptAt: { lte: now }, attempts: delivery.attempts },
      data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (claimed.count !== 1) continue;
    const attempts = delivery.attempts + 1;
    let error: string | null;
    try {
      error = await send(db, deps, delivery);
    } catch (e) {
      error = describeError(e);
    }
    if (error === null) {
      await db.alertDelivery.update({
        where: { id: delivery.id },
        data: { status: "DELIVERED", deliveredAt: now, lastError: null },
      });
      run.delivered++;
    } else if (attempts >= MAX_ATTEMPTS) {
      // nextAttemptAt keeps the time of the last attempt once nothing more is scheduled.
      await db.alertDelivery.update({
        where: { id: delivery.id },
        data: { status: "FAILED", lastError: error, nextAttemptAt: now },
      });
      log.error(
        { deliveryId: delivery.id, channel: delivery.channel, attempts, failure: error },
        "alert delivery failed for good",
      );
      run.failed++;
    } else {
      await db.alertDelivery.update({
        where: { id: delivery.id },
        data: { lastError: error, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
      });
      log.warn(
        { deliveryId: delivery.id, channel: delivery.channel, attempts, failure: error },
        "alert delivery attempt failed; it will be retried",
      );
      run.retrying++;
    }
  }
  return run;
}

/** null when sent; otherwise a short reason. */
async function send(
  db: Db,
  deps: AlertDeps,
  { channel, alert }: { channel: string; alert: AlertForDelivery },
): Promise<string | null> {
  if (channel === "EMAIL") return sendEmail(db, deps, alert);
  if (channel === "WEBHOOK") return sendWebhook(deps, alert);
  return `unknown channel ${channel.slice(0, 20)}`;
}

/** Where alert emails go: ALERT_EMAIL, or every admin and reviewer when it is unset. */
export async function alertRecipients(db: Db, env: AlertDeps["env"]): Promise<string[]> {
  if (env.ALERT_EMAIL) return [env.ALERT_EMAIL];
  const staff = await db.user.findMany({
    where: { role: { in: ["ADMIN", "REVIEWER"] } },
    orderBy: { email: "asc" },
    select: { email: true },
  });
  return staff.map((s) => s.email);
}

async function sendEmail(db: Db, deps: AlertDeps, alert: AlertForDelivery): Promise<string | null> {
  const recipients = await alertRecipients(db, deps.env);
  if (recipients.length === 0) return "no recipient (set ALERT_EMAIL or add staff)";
  const content = alertEmail(deps.env, alert);
  // One message per recipient: the mailer takes exactly one address, and staff do not see each
  // other's addresses. A retry after a partial failure may repeat it for some of them.
  for (const to of recipients) await deps.send({ to, ...content });
  return null;
}

async function sendWebhook(deps: AlertDeps, alert: AlertForDelivery): Promise<string | null> {
  const { ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: secret } = deps.env;
  if (!url) return "ALERT_WEBHOOK_URL is not set";
  // Never send an unsigned alert: receivers must be able to reject forgeries.
  if (!secret) return "ALERT_WEBHOOK_SECRET is not set";
  const body = alertWebhookBody(deps.env, alert);
  const response = await deps.fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "secure-store-alerts/1",
      [SIGNATURE_HEADER]: signAlertPayload(secret, body, Math.floor(Date.now() / 1000)),
    },
    body,
    // A redirect is not a delivery (and is not followed to somewhere the secret-holder did not name).
    redirect: "manual",
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  // Drain the body so the connection is released; its content is not used.
  await response.arrayBuffer().catch(() => undefined);
  return response.ok ? null : `HTTP ${response.status}`;
}

// Short and free of secrets: error codes and names, never URLs, headers or server replies
// (an SMTP reply can echo a username, a URL can carry a token).
function describeError(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timed out";
  const code = (e: unknown) =>
    typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string"
      ? (e as { code: string }).code
      : undefined;
  const own = code(error);
  const cause = error instanceof Error ? code(error.cause) : undefined;
  const responseCode =
    typeof error === "object" && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
  const parts = [
    error instanceof Error ? error.name : "error",
    own,
    cause,
    typeof responseCode === "number" ? `SMTP ${responseCode}` : undefined,
  ].filter((p): p is string => typeof p === "string" && p.length > 0);
  return (
    parts
      .join(" ")
      .replace(/[^\w .:-]/g, "")
      .slice(0, 120) || "error"
  );
}
