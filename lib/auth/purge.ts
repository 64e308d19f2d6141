import "server-only";
import type { Db } from "@/lib/db";

// Sign-in steps (PendingLogin, LoginTicket, WebAuthnChallenge) and password-reset tokens are single use and live
// minutes; once expired nobody can use them, so the background sweep deletes them instead of
// letting the tables grow with every sign-in. A day's grace keeps recent ones for anyone
// investigating a sign-in problem; the AuthEvent log keeps the history either way.
export const EXPIRED_AUTH_RECORD_GRACE_MS = 24 * 60 * 60 * 1000;

export type AuthPurge = {
  pendingLogins: number;
  loginTickets: number;
  resetTokens: number;
  webAuthnChallenges: number;
};

export async function purgeExpiredAuthRecords(db: Db, now = new Date()): Promise<AuthPurge> {
  const before = new Date(now.getTime() - EXPIRED_AUTH_RECORD_GRACE_MS);
  const where = { expiresAt: { lt: before } };
  const pendingLogins = await db.pendingLogin.deleteMany({ where });
  const loginTickets = await db.loginTicket.deleteMany({ where });
  const resetTokens = await db.passwordResetToken.deleteMany({ where });
  const webAuthnChallenges = await db.webAuthnChallenge.deleteMany({ where });
  return {
    pendingLogins: pendingLogins.count,
    loginTickets: loginTickets.count,
    resetTokens: resetTokens.count,
    webAuthnChallenges: webAuthnChallenges.count,
  };
}
