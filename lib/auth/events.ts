import "server-only";
import type { Db } from "@/lib/db";
import type { RequestContext } from "./deps";

// Every authentication event, with time, IP, country and user agent. `detail` is a short
// machine-readable reason; never a password, code, token or secret.
export type AuthEventType =
  | "REGISTERED"
  | "REGISTER_EXISTING_EMAIL"
  | "SIGN_IN_SUCCESS"
  | "SIGN_IN_FAILURE"
  | "PASSWORD_VERIFIED"
  | "SECOND_FACTOR_FAILURE"
  | "LOCKOUT"
  | "NEW_DEVICE"
  | "SIGN_OUT"
  | "SESSION_REVOKED"
  | "TOTP_ENABLED"
  | "TOTP_DISABLED"
  | "RECOVERY_CODES_REGENERATED"
  | "RECOVERY_CODE_USED"
  | "PASSWORD_CHANGED"
  | "PASSWORD_RESET_REQUESTED"
  | "PASSWORD_RESET"
  | "PASSKEY_ADDED"
  | "PASSKEY_REMOVED"
  | "PASSKEY_FAILURE"
  // A signature counter that went backwards: a cloned authenticator (WebAuthn §6.1.1).
  | "PASSKEY_COUNTER_REGRESSION";

/** Shown as "recent sign-in activity" on the security page. */
export const SIGN_IN_ACTIVITY: AuthEventType[] = [
  "SIGN_IN_SUCCESS",
  "SIGN_IN_FAILURE",
  "SECOND_FACTOR_FAILURE",
  "LOCKOUT",
  "NEW_DEVICE",
  "PASSKEY_FAILURE",
  "PASSKEY_COUNTER_REGRESSION",
];

export async function recordEvent(
  db: Db,
  ctx: RequestContext,
  event: { type: AuthEventType; userId?: string | null; detail?: string },
): Promise<void> {
  await db.authEvent.create({
    data: {
      type: event.type,
      userId: event.userId ?? null,
      detail: event.detail?.slice(0, 200) ?? null,
      ip: ctx.ip,
      country: ctx.country,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    },
  });
}
