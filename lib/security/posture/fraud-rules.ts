import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// ALERT only tells staff after the fact; HOLD stops a suspicious payment from being captured.
// A hold score still holds payments that several ALERT rules agree on, but one flagged signal
// alone is captured, so ALERT-only with a hold score stays amber.
export function checkFraudRules({ fraudRules, fraudHoldScore }: PostureInput): PostureResult {
  const enabled = fraudRules.filter((r) => r.enabled);
  const holding = enabled.filter((r) => r.action === "HOLD").map((r) => r.id);
  let finding: Finding;
  if (enabled.length === 0) {
    finding = {
      status: "red",
      detail: `No fraud rule is enabled (${fraudRules.length} defined): every payment is captured unchecked.`,
      fix: "Enable the fraud rules in the admin area.",
    };
  } else if (holding.length === 0) {
    finding = {
      status: "amber",
      detail:
        fraudHoldScore === null
          ? `${enabled.length} of ${fraudRules.length} rules enabled, all set to ALERT, no hold score: suspicious payments are captured before anyone looks.`
          : `${enabled.length} of ${fraudRules.length} rules enabled, all set to ALERT: only payments scoring ${fraudHoldScore} or more are held; one flagged signal alone is captured.`,
      fix: "Set at least the card and cardholder-name rules to HOLD.",
    };
  } else {
    finding = {
      status: "green",
      detail: `${enabled.length} of ${fraudRules.length} rules enabled; HOLD: ${holding.join(", ")}; ${fraudHoldScore === null ? "no hold score" : `hold score ${fraudHoldScore}`}.`,
    };
  }
  return combine("fraud-rules", "Fraud rules", [finding]);
}
