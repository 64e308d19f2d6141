import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { passwordChangedEmail, resetEmail } from "@/lib/notify/auth-emails";
import { ipBucketKey } from "@/lib/rate-limit";
import { hashToken, newToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";
import type { AuthDeps, RequestContext } from "./deps";
import { recordEvent } from "./events";
import { hashPassword, passwordProblem } from "./password";
import { rateLimited } from "./rate-limited";
import { resetPasswordSchema, resetRequestSchema } from "./schemas";
import { revokeOtherSessions } from "./sessions";
import { accountKey } from "./sign-in";

// Forgotten passwords: an emailed single-use link (token stored hashed, 30 minutes). The link
// carries the token in its fragment (#…), which browsers never send to the server, so it stays
// out of access logs and Referer headers; the page posts it with the new password.
// A successful reset also lifts a sign-in lockout: a locked-out owner can always recover.

const RESET_TTL_MS = 30 * 60 * 1000;
export const RESET_REQUESTED =
  "If an account exists for that email, we sent a link to reset its password. It works for 30 minutes.";
const INVALID_LINK = "This reset link is invalid, expired or already used. Please request a new one.";

export async function requestPasswordReset(deps: AuthDeps, ctx: RequestContext, input: unknown): Promise<string> {
  const { email } = parseInput(resetRequestSchema, input);
  const perIp = await deps.limits.resetPerIp.consume(ipBucketKey(ctx.ip));
  if (!perIp.allowed) throw rateLimited(perIp.retryAfterSec);
  const perAccount = await deps.limits.resetPerAccount.consume(accountKey(email));
  const user = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
  // Over the per-account limit: the same answer, just no more emails to that inbox this hour.
  if (!user || !perAccount.allowed) return RESET_REQUESTED;
  const token = newToken(32);
  const now = deps.now();
  await deps.db.passwordResetToken.create({
    data: {
      userId: user.id,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
      createdAt: now,
    },
  });
  await recordEvent(deps.db, ctx, { type: "PASSWORD_RESET_REQUESTED", userId: user.id });
  deps.notify(resetEmail(email, `${deps.appUrl}/reset-password#token=${token}`));
  return RESET_REQUESTED;
}

export async function resetPassword(deps: AuthDeps, ctx: RequestContext, input: unknown): Promise<string> {
  const { token, password } = parseInput(resetPasswordSchema, input);
  const now = deps.now();
  const tokenHash = hashToken(token);
  const row = await deps.db.passwordResetToken.findFirst({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (!row) throw new AppError("VALIDATION", INVALID_LINK, { token: INVALID_LINK });
  const { user } = row;
  // The policy is checked before the link is used up, so a refused password does not burn it.
  const problem = passwordProblem(password, { email: user.email, name: user.name });
  if (problem) throw new AppError("VALIDATION", problem, { password: problem });
  const passwordHash = await hashPassword(password);
  // Using up the link, the new password, its event and the end of every session commit
  // together: a crash leaves either the old password with a live link or the new one with the
  // link spent and no session left from before.
  await inTransaction(deps.db, async (tx) => {
    const { count } = await tx.passwordResetToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 0) throw new AppError("VALIDATION", INVALID_LINK, { token: INVALID_LINK });
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // Every other outstanding link for this account dies with this one.
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.pendingLogin.deleteMany({ where: { userId: user.id } });
    await recordEvent(tx, ctx, { type: "PASSWORD_RESET", userId: user.id });
    await revokeOtherSessions(tx, ctx, { userId: user.id, keep: null, now, reason: "password-reset" });
  });
  await deps.limits.signInPerAccount.reset(accountKey(user.email));
  deps.notify(passwordChangedEmail(user.email, deps.appUrl));
  return "Your password has been changed. You can now sign in with it.";
}
