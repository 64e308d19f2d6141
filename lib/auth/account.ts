import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { passwordChangedEmail } from "@/lib/notify/auth-emails";
import { parseInput } from "@/lib/validation";
import type { Actor } from "./authorize";
import type { AuthDeps, RequestContext } from "./deps";
import { recordEvent, SIGN_IN_ACTIVITY } from "./events";
import { hashPassword, passwordProblem, verifyPassword } from "./password";
import { rateLimited } from "./rate-limited";
import { changePasswordSchema } from "./schemas";
import { listSessions, revokeOtherSessions } from "./sessions";
import { accountKey } from "./sign-in";
import { describeUserAgent } from "./user-agent";

/** Changes the password (the current one is required) and signs out every other session. */
export async function changePassword(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<string> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  // Guessing the current password here is limited exactly like guessing it at sign-in.
  const limit = await deps.limits.signInPerAccount.consume(accountKey(user.email));
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await recordEvent(deps.db, ctx, { type: "SIGN_IN_FAILURE", userId: user.id, detail: "change-password" });
    throw new AppError("VALIDATION", "Your current password is not correct.", {
      currentPassword: "Your current password is not correct.",
    });
  }
  const problem = passwordProblem(newPassword, { email: user.email, name: user.name });
  if (problem) throw new AppError("VALIDATION", problem, { newPassword: problem });
  const passwordHash = await hashPassword(newPassword);
  const now = deps.now();
  // The new password, its event and the end of the other sessions commit together: a crash
  // cannot leave a changed password with a stolen session still signed in.
  await inTransaction(deps.db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordEvent(tx, ctx, { type: "PASSWORD_CHANGED", userId: user.id });
    await revokeOtherSessions(tx, ctx, { userId: user.id, keep: actor.sessionId, now, reason: "password-changed" });
  });
  await deps.limits.signInPerAccount.reset(accountKey(user.email));
  deps.notify(passwordChangedEmail(user.email, deps.appUrl));
  return "Your password has been changed. Your other sessions were signed out.";
}

/** Everything the security page shows: 2FA state, sessions, recent sign-in activity. */
export async function securityOverview(deps: AuthDeps, actor: Actor) {
  const now = deps.now();
  const [user, sessions, activity, recoveryCodesLeft] = await Promise.all([
    deps.db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } }),
    listSessions(deps.db, actor, now),
    deps.db.authEvent.findMany({
      where: { userId: actor.id, type: { in: SIGN_IN_ACTIVITY } },
      orderBy: { createdAt: "desc" },
      take: 15,
      select: { id: true, type: true, ip: true, country: true, userAgent: true, createdAt: true },
    }),
    deps.db.recoveryCode.count({ where: { userId: actor.id, usedAt: null } }),
  ]);
  return {
    twoFactorEnabledAt: user.totpEnabledAt,
    recoveryCodesLeft,
    sessions: sessions.map((s) => ({ ...s, device: describeUserAgent(s.userAgent) })),
    activity: activity.map((a) => ({ ...a, device: describeUserAgent(a.userAgent) })),
  };
}
