import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// Staff can capture or cancel payments: a stolen staff password alone must never be enough.
export function checkStaffTwoFactor({ staff }: PostureInput): PostureResult {
  const { total, without2fa } = staff;
  let finding: Finding;
  if (without2fa > 0) {
    finding = {
      status: "red",
      detail: `${without2fa} of ${total} staff account${total === 1 ? "" : "s"} (ADMIN or REVIEWER) ${without2fa === 1 ? "has" : "have"} no two-factor authentication.`,
      fix: "Ask those staff to enable an authenticator app at /account/security, or remove their staff role.",
    };
  } else if (total === 0) {
    finding = {
      status: "amber",
      detail: "There are no staff accounts, so nobody can review held orders.",
      fix: "Give at least one trusted account the ADMIN or REVIEWER role, with two-factor authentication on.",
    };
  } else {
    finding = {
      status: "green",
      detail: `All ${total} staff account${total === 1 ? "" : "s"} use two-factor authentication.`,
    };
  }
  return combine("staff-two-factor", "Two-factor authentication for staff", [finding]);
}
