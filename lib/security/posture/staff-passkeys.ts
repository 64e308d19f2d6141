import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// A TOTP code can be phished: a fake sign-in page relays it within its 30 seconds. A passkey
// cannot: it is bound to the store's origin. STAFF_REQUIRE_PASSKEY=1 makes one mandatory for the
// admin area, once every staff member has registered one.
export function checkStaffPasskeys({ env, staff }: PostureInput): PostureResult {
  const { total, withoutPasskey } = staff;
  const have = `${total - withoutPasskey} of ${total} staff account${total === 1 ? "" : "s"} ${total - withoutPasskey === 1 ? "has" : "have"} a passkey.`;
  let finding: Finding;
  if (!env.STAFF_REQUIRE_PASSKEY) {
    finding = {
      status: "amber",
      detail: `Staff can reach the admin area with a password and an authenticator code, which a phishing page can relay. ${have}`,
      fix: "Ask every staff member to add a passkey at /account/security, then set STAFF_REQUIRE_PASSKEY=1.",
    };
  } else if (withoutPasskey > 0) {
    finding = {
      status: "amber",
      detail: `Passkeys are required for the admin area, but ${withoutPasskey} of ${total} staff account${total === 1 ? "" : "s"} ${withoutPasskey === 1 ? "has" : "have"} none and cannot reach it.`,
      fix: "Those staff sign in with their authenticator code, add a passkey at /account/security, then sign in with it.",
    };
  } else {
    finding = {
      status: "green",
      detail: `Passkeys are required for the admin area. ${have}`,
    };
  }
  return combine("staff-passkeys", "Passkeys for staff", [finding]);
}
