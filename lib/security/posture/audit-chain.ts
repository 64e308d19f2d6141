import { combine, daysBetween, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// A week-old verification says nothing about what changed since.
const AUDIT_VERIFY_MAX_AGE_DAYS = 7;

export function checkAuditChain({ lastAuditVerification: last, now }: PostureInput): PostureResult {
  let finding: Finding;
  const fix = "Run the audit chain verification from the admin area (or its scheduled job).";
  if (!last) {
    finding = { status: "amber", detail: "The audit log's hash chain has never been verified.", fix };
  } else if (!last.ok) {
    finding = {
      status: "red",
      detail: `The audit chain failed verification on ${last.checkedAt.toISOString()}${last.firstBadId ? `, first at entry ${last.firstBadId}` : ""}: entries were altered or removed.`,
      fix: "Treat this as an incident: compare the entries from that point with your backups and find who had database access.",
    };
  } else if (daysBetween(last.checkedAt, now) > AUDIT_VERIFY_MAX_AGE_DAYS) {
    finding = {
      status: "amber",
      detail: `The audit chain was last verified ${daysBetween(last.checkedAt, now)} days ago.`,
      fix,
    };
  } else {
    finding = { status: "green", detail: `The audit chain verified intact on ${last.checkedAt.toISOString()}.` };
  }
  return combine("audit-chain", "Audit log integrity", [finding]);
}
