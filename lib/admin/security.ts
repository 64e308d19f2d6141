import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { headers } from "next/headers";
import { lastAlertDelivery } from "@/lib/alerts/inbox";
import { verifyAuditChain } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { env } from "@/lib/env";
import { effectiveRules, loadPolicy } from "@/lib/fraud/settings";
import { staticSecurityHeaders } from "@/lib/security/headers";
import { TRACKED_PACKAGES } from "@/lib/security/posture/dependencies";
import { clientAddressHeaderIsVouchedFor } from "@/lib/net/client-ip";
import {
  runPostureChecks,
  summarize,
  type NpmAuditSummary,
  type PostureInput,
  type PostureResult,
  type PostureStatus,
} from "@/lib/security/posture";

// The security center's data: gathers a PostureInput from the configuration, the database and
// the current request, and runs the pure posture checks (lib/security/posture) over it.
// Admins only (security.view); the page calls adminPage first, this checks again.

/** The protocol the request reached us over: only a trusted proxy's X-Forwarded-Proto counts. */
function requestProtocol(h: Headers, trustedProxyHops: number): "http" | "https" | null {
  if (trustedProxyHops < 1) return null;
  const values = (h.get("x-forwarded-proto") ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  // Each trusted proxy appends one value; the one our outermost trusted proxy saw is hops from the end.
  const seen = values[values.length - Math.min(trustedProxyHops, values.length)];
  return seen === "http" || seen === "https" ? seen : null;
}

async function installedVersion(name: string): Promise<string | null> {
  try {
    const text = await readFile(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8");
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === "string" ? version : null;
  } catch {
    return null;
  }
}

/** `.data/npm-audit.json` as written by .ci/run: { ranAt, high, critical } (null if absent or unreadable). */
async function lastNpmAudit(): Promise<NpmAuditSummary | null> {
  try {
    const data = JSON.parse(await readFile(path.join(process.cwd(), ".data", "npm-audit.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const ranAt = new Date(String(data.ranAt));
    if (Number.isNaN(ranAt.getTime()) || typeof data.high !== "number" || typeof data.critical !== "number")
      return null;
    return { ranAt, high: data.high, critical: data.critical };
  } catch {
    return null;
  }
}

async function postureInput(db: Db, h: Headers, now = new Date()): Promise<PostureInput> {
  const config = env();
  const staffWhere = { role: { in: ["ADMIN", "REVIEWER"] } };
  const [total, without2fa, withoutPasskey, alert, rules, audit, npmAudit, versions] = await Promise.all([
    db.user.count({ where: staffWhere }),
    db.user.count({ where: { ...staffWhere, totpEnabledAt: null } }),
    db.user.count({ where: { ...staffWhere, passkeys: { none: {} } } }),
    lastAlertDelivery(db),
    effectiveRules(db),
    verifyAuditChain(db),
    lastNpmAudit(),
    Promise.all(
      TRACKED_PACKAGES.map(async (name): Promise<[string, string | null]> => [name, await installedVersion(name)]),
    ),
  ]);
  return {
    now,
    env: config,
    https: {
      hstsHeader:
        staticSecurityHeaders({ production: config.NODE_ENV === "production" })["Strict-Transport-Security"] ?? null,
      requestProtocol: requestProtocol(h, config.TRUSTED_PROXY_HOPS),
    },
    staff: { total, without2fa, withoutPasskey },
    lastAlertDelivery: alert,
    fraudRules: rules.map((r) => ({ id: r.id, enabled: r.enabled, action: r.action })),
    fraudHoldScore: (await loadPolicy(db)).holdScore,
    lastAuditVerification: audit.ok
      ? { ok: true, checkedAt: audit.checkedAt }
      : { ok: false, checkedAt: audit.checkedAt, firstBadId: String(audit.firstBadSeq) },
    dependencies: Object.fromEntries(versions.filter((v): v is [string, string] => v[1] !== null)),
    lastNpmAudit: npmAudit,
    runtime: {
      node: process.version,
      fromSocket: clientAddressHeaderIsVouchedFor(),
      trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    },
  };
}

export type SecurityCenter = { results: PostureResult[]; counts: Record<PostureStatus, number>; checkedAt: Date };

/** The checklist for an admin (security.view); anyone else gets the AppError requirePermission throws. */
export async function securityCenter(db: Db, actor: Actor | null): Promise<SecurityCenter> {
  requirePermission(actor, "security.view");
  const input = await postureInput(db, await headers());
  const results = runPostureChecks(input);
  return { results, counts: summarize(results), checkedAt: input.now };
}
