import "server-only";
import { appendFileSync } from "node:fs";
import { SIGNATURE_HEADER, signAlertPayload } from "@/lib/alerts/signature";
import { db as appDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Keyring } from "@/lib/security/crypto";
import { signCheckpoint, type SignedCheckpoint } from "./checkpoint-file";
import { auditKeys, LEGACY_KEY_VERSION } from "./keys";
import { appendAudit } from "./log";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "audit" });

// The sweep's checkpoint job: whenever the audit chain advanced, export a signed checkpoint of
// its tip to AUDIT_CHECKPOINT_FILE (one JSON line appended) and to the alert webhook. A copy
// outside the database is what lets `npm run audit:verify --checkpoint` notice that the newest
// entries were deleted, which the chain alone cannot show. Every instance's scheduler and
// `npm run sweep` may run it: the AuditCheckpoint row (hash unique) is claimed first, so each tip
// is exported once.

const WEBHOOK_TIMEOUT_MS = 10_000;

export type CheckpointDeps = {
  keyring: Keyring;
  /** AUDIT_CHECKPOINT_FILE: a JSON-lines file the checkpoint is appended to. */
  file?: string;
  env: { APP_URL: string; ALERT_WEBHOOK_URL?: string; ALERT_WEBHOOK_SECRET?: string };
  fetch: typeof fetch;
  now: () => Date;
};

export function defaultCheckpointDeps(): CheckpointDeps {
  const config = env();
  return {
    keyring: auditKeys(),
    file: config.AUDIT_CHECKPOINT_FILE,
    env: {
      APP_URL: config.APP_URL,
      ALERT_WEBHOOK_URL: config.ALERT_WEBHOOK_URL,
      ALERT_WEBHOOK_SECRET: config.ALERT_WEBHOOK_SECRET,
    },
    fetch: (...args) => fetch(...args),
    now: () => new Date(),
  };
}

export type CheckpointRun =
  | { written: false; reason: "empty" | "unchanged" | "no-destination"; sealed: boolean }
  | { written: true; checkpoint: SignedCheckpoint; sealed: boolean; file: boolean; webhook: boolean };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Exports a signed checkpoint of the chain's tip, unless that tip was already exported. */
export async function exportAuditCheckpoint(
  db: Db,
  deps: CheckpointDeps = defaultCheckpointDeps(),
): Promise<CheckpointRun> {
  let tip = await db.auditLog.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true, keyVersion: true },
  });
  if (!tip) return { written: false, reason: "empty", sealed: false };
  // Right after the upgrade to a keyed chain the tip is still a legacy (unkeyed) entry. A keyed
  // entry after it pins every legacy entry (lib/audit/log.ts), so write one if nothing else has.
  const sealed = tip.keyVersion === LEGACY_KEY_VERSION;
  if (sealed) {
    const entry = await appendAudit(
      db,
      { actor: null, action: "audit.keyed", detail: { keyVersion: deps.keyring.current, legacyThrough: tip.seq } },
      deps.keyring,
    );
    tip = { ...entry, keyVersion: deps.keyring.current };
  }
  const webhook =
    deps.env.ALERT_WEBHOOK_URL && deps.env.ALERT_WEBHOOK_SECRET
      ? { url: deps.env.ALERT_WEBHOOK_URL, secret: deps.env.ALERT_WEBHOOK_SECRET }
      : null;
  if (!deps.file && !webhook) return { written: false, reason: "no-destination", sealed };

  if (await db.auditCheckpoint.findUnique({ where: { hash: tip.hash }, select: { id: true } }))
    return { written: false, reason: "unchanged", sealed };
  const checkpoint = signCheckpoint(deps.keyring, { seq: tip.seq, hash: tip.hash, at: deps.now() });
  try {
    await db.auditCheckpoint.create({
      data: { seq: tip.seq, hash: tip.hash, keyVersion: checkpoint.keyVersion, at: new Date(checkpoint.at) },
    });
  } catch (error) {
    // Another instance claimed this tip between our read and our write.
    if (isUniqueViolation(error)) return { written: false, reason: "unchanged", sealed };
    throw error;
  }

  const failures: string[] = [];
  let file = false;
  if (deps.file) {
    try {
      // Owner-only: the file holds no secret, but nobody else should be able to append to it.
      appendFileSync(deps.file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
      file = true;
    } catch (error) {
      failures.push(`file: ${(error as { code?: string }).code ?? "write failed"}`);
    }
  }
  let sent = false;
  if (webhook) {
    try {
      sent = await postCheckpoint(deps, webhook, checkpoint);
      if (!sent) failures.push("webhook: not accepted");
    } catch (error) {
      failures.push(`webhook: ${error instanceof Error ? error.name : "error"}`);
    }
  }
  if (!file && !sent) {
    // Nothing left the database: release the claim so the next run exports this tip again.
    await db.auditCheckpoint.deleteMany({ where: { hash: tip.hash } });
    throw new Error(`could not export the audit checkpoint of entry #${tip.seq} (${failures.join(", ")})`);
  }
  if (failures.length) log.warn({ seq: tip.seq, failures }, "audit checkpoint exported, but not everywhere");
  return { written: true, checkpoint, sealed, file, webhook: sent };
}

/** One line for `npm run sweep`'s output. */
export function describeCheckpointRun(run: CheckpointRun): string {
  const seal = run.sealed ? "; sealed the legacy entries with a keyed one" : "";
  if (run.written)
    return `audit checkpoint: entry #${run.checkpoint.seq} exported to ${[run.file && "the file", run.webhook && "the webhook"].filter(Boolean).join(" and ")}${seal}`;
  const why = {
    empty: "the log is empty",
    unchanged: "the chain has not advanced since the last one",
    "no-destination": "none written (set AUDIT_CHECKPOINT_FILE or ALERT_WEBHOOK_URL)",
  }[run.reason];
  return `audit checkpoint: ${why}${seal}`;
}

/** The in-server scheduler's job (lib/startup.ts). */
export async function runScheduledCheckpoint(): Promise<void> {
  await exportAuditCheckpoint(appDb());
}

// The same shape and signature as an alert webhook (docs/alerts-webhook.md), kind
// AUDIT_CHECKPOINT, with the signed checkpoint line as its evidence.
async function postCheckpoint(
  deps: CheckpointDeps,
  webhook: { url: string; secret: string },
  checkpoint: SignedCheckpoint,
): Promise<boolean> {
  const body = JSON.stringify({
    id: `audit-checkpoint-${checkpoint.seq}-${checkpoint.hash.slice(0, 16)}`,
    kind: "AUDIT_CHECKPOINT",
    rule: null,
    orderId: null,
    message: `Audit log checkpoint: entry #${checkpoint.seq}. Keep this line; \`npm run audit:verify -- --checkpoint <file>\` checks the log against it.`,
    evidence: checkpoint,
    createdAt: checkpoint.at,
    dashboardUrl: `${deps.env.APP_URL.replace(/\/$/, "")}/admin/audit`,
  });
  const response = await deps.fetch(webhook.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "secure-store-alerts/1",
      [SIGNATURE_HEADER]: signAlertPayload(webhook.secret, body, Math.floor(deps.now().getTime() / 1000)),
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.ok;
}
