import "server-only";

import { checkAdminAllowlist } from "@/lib/security/posture/admin-allowlist";
import { checkAlertDelivery } from "@/lib/security/posture/alert-delivery";
import { checkAuditChain } from "@/lib/security/posture/audit-chain";
import { checkDependencies } from "@/lib/security/posture/dependencies";
import { checkFraudRules } from "@/lib/security/posture/fraud-rules";
import { checkHttps } from "@/lib/security/posture/https-hsts";
import { checkSecretsStrength } from "@/lib/security/posture/secrets-strength";
import { checkStaffPasskeys } from "@/lib/security/posture/staff-passkeys";
import { checkStaffTwoFactor } from "@/lib/security/posture/staff-two-factor";
import { checkRuntime } from "@/lib/security/posture/runtime";
import { checkStripeMode } from "@/lib/security/posture/stripe-mode";
import type { PostureCheck, PostureInput, PostureResult, PostureStatus } from "@/lib/security/posture/types";

export type * from "@/lib/security/posture/types";

// Adding a check: one file exporting a PostureCheck, one line here. Order is display order.
export const POSTURE_CHECKS: readonly PostureCheck[] = [
  checkHttps,
  checkStaffTwoFactor,
  checkStaffPasskeys,
  checkAdminAllowlist,
  checkAlertDelivery,
  checkStripeMode,
  checkFraudRules,
  checkAuditChain,
  checkSecretsStrength,
  checkDependencies,
  checkRuntime,
];

export function runPostureChecks(input: PostureInput): PostureResult[] {
  return POSTURE_CHECKS.map((check) => check(input));
}

export function summarize(results: readonly PostureResult[]): Record<PostureStatus, number> {
  const counts: Record<PostureStatus, number> = { green: 0, amber: 0, red: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}
