import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { ipBucketKey, limitAll } from "@/lib/rate-limit";
import { hashToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";
import type { AuthDeps, RequestContext } from "./deps";
import { rememberDevice } from "./devices";
import { recordEvent } from "./events";
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from "./password";
import { rateLimited } from "./rate-limited";
import { browserTokenSchema, secondFactorSchema, signInSchema, ticketSchema } from "./schemas";
import { checkSecondFactor } from "./second-factor";
import { createSession } from "./sessions";
import { issueTicket, redeemTicket } from "./tickets";

// Sign-in in steps. The password step alone never creates a session: it yields either a login
// ticket (no 2FA) or a pending login (2FA on, 5 minutes, bound to the browser) that only a valid
// authenticator or recovery code turns into a ticket. The ticket is redeemed by next-auth
// (completeSignIn), which creates the server-side session.

const PENDING_LOGIN_TTL_MS = 5 * 60 * 1000;
const MAX_CODE_ATTEMPTS = 5;
export const BAD_CREDENTIALS = "The email or password is incorrect.";
const LOCKED_HINT = "You can also reset your password by email.";

export type PasswordStepResult = { step: "ticket"; ticket: string } | { step: "second-factor" };

/** Per-account limiter key: the normalized email, so unknown addresses are limited like real ones. */
export const accountKey = (email: string) => `account:${email}`;

export async function passwordStep(
  deps: AuthDeps,
  ctx: RequestContext,
  browserToken: string,
  input: unknown,
): Promise<PasswordStepResult> {
  const { email, password } = parseInput(signInSchema, input);
  parseInput(browserTokenSchema, browserToken);
  const { db } = deps;
  const limit = await limitAll([
    [deps.limits.signInPerIp, ipBucketKey(ctx.ip)],
    [deps.limits.signInPerAccount, accountKey(email)],
  ]);
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, totpEnabledAt: true, totpSecretEnc: true },
  });
  if (!limit.allowed) {
    await recordEvent(db, ctx, { type: "LOCKOUT", userId: user?.id, detail: "sign-in" });
    throw rateLimited(limit.retryAfterSec, LOCKED_HINT);
  }
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !ok) {
    await recordEvent(db, ctx, {
      type: "SIGN_IN_FAILURE",
      userId: user?.id,
      detail: user ? "password" : "unknown-email",
    });
    throw new AppError("UNAUTHENTICATED", BAD_CREDENTIALS);
  }
  if (needsRehash(user.passwordHash)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  const now = deps.now();
  if (user.totpEnabledAt && user.totpSecretEnc) {
    // One pending login per browser: a new password step replaces the previous one.
    const browserHash = hashToken(browserToken);
    await db.pendingLogin.deleteMany({ where: { browserHash } });
    await db.pendingLogin.create({
      data: { userId: user.id, browserHash, expiresAt: new Date(now.getTime() + PENDING_LOGIN_TTL_MS), createdAt: now },
    });
    await recordEvent(db, ctx, { type: "PASSWORD_VERIFIED", userId: user.id });
    return { step: "second-factor" };
  }
  await succeeded(deps, ctx, email);
  return { step: "ticket", ticket: await issueTicket(db, { userId: user.id, browserToken, method: "PASSWORD", now }) };
}

export async function secondFactorStep(
  deps: AuthDeps,
  ctx: RequestContext,
  browserToken: string,
  input: unknown,
): Promise<{ ticket: string }> {
  const { code } = parseInput(secondFactorSchema, input);
  const { db } = deps;
  const now = deps.now();
  const expired = new AppError(
    "UNAUTHENTICATED",
    "Your sign-in has expired. Please enter your email and password again.",
    {},
    { reason: "SIGN_IN_EXPIRED" },
  );
  if (!browserTokenSchema.safeParse(browserToken).success) throw expired;
  const browserHash = hashToken(browserToken);
  const pending = await db.pendingLogin.findFirst({
    where: { browserHash, usedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      attempts: true,
      user: { select: { id: true, email: true, totpSecretEnc: true, totpLastStep: true } },
    },
  });
  if (!pending) throw expired;
  const { user } = pending;

  const limit = await limitAll([
    [deps.limits.signInPerIp, ipBucketKey(ctx.ip)],
    [deps.limits.totpPerAccount, `user:${user.id}`],
  ]);
  if (!limit.allowed) {
    await recordEvent(db, ctx, { type: "LOCKOUT", userId: user.id, detail: "second-factor" });
    throw rateLimited(limit.retryAfterSec);
  }
  // Conditional increment: parallel guesses against one pending login cannot exceed the cap.
  const { count } = await db.pendingLogin.updateMany({
    where: { id: pending.id, usedAt: null, attempts: { lt: MAX_CODE_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (count === 0) throw expired;

  const method = await checkSecondFactor(db, { keyring: deps.keyring, user, code, now });
  if (!method) {
    await recordEvent(db, ctx, { type: "SECOND_FACTOR_FAILURE", userId: user.id });
    throw new AppError("UNAUTHENTICATED", "That code is not valid. Codes work once; wait for the next one.", {
      code: "That code is not valid.",
    });
  }
  const consumed = await db.pendingLogin.updateMany({ where: { id: pending.id, usedAt: null }, data: { usedAt: now } });
  if (consumed.count === 0) throw expired;
  if (method === "RECOVERY_CODE") {
    const left = await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordEvent(db, ctx, { type: "RECOVERY_CODE_USED", userId: user.id, detail: `remaining:${left}` });
  }
  await deps.limits.totpPerAccount.reset(`user:${user.id}`);
  await succeeded(deps, ctx, user.email);
  return { ticket: await issueTicket(db, { userId: user.id, browserToken, method, now }) };
}

async function succeeded(deps: AuthDeps, ctx: RequestContext, email: string) {
  // Only consecutive failures count towards a lockout; the per-IP point is given back too.
  await deps.limits.signInPerAccount.reset(accountKey(email));
  await deps.limits.signInPerIp.reward(ipBucketKey(ctx.ip));
}

/**
 * Redeems a login ticket and creates the session (called by next-auth's authorize()). Returns
 * null for anything but a fresh, unused ticket presented by the browser that earned it.
 */
export async function completeSignIn(
  deps: AuthDeps,
  ctx: RequestContext,
  input: { ticket: unknown; browserToken: string | undefined; deviceToken: string | undefined },
): Promise<{ userId: string; sessionId: string } | null> {
  const ticket = ticketSchema.safeParse(input.ticket);
  if (!ticket.success || !input.browserToken) return null;
  const now = deps.now();
  const browserToken = input.browserToken;
  // The ticket is used up only together with the session it buys and the SIGN_IN_SUCCESS event.
  const signedIn = await inTransaction(deps.db, async (tx) => {
    const redeemed = await redeemTicket(tx, { ticket: ticket.data, browserToken, now });
    if (!redeemed) return null;
    const user = await tx.user.findUniqueOrThrow({ where: { id: redeemed.userId }, select: { id: true, email: true } });
    const session = await createSession(tx, ctx, { userId: user.id, now, authMethod: redeemed.method });
    await recordEvent(tx, ctx, { type: "SIGN_IN_SUCCESS", userId: user.id, detail: redeemed.method.toLowerCase() });
    return { user, session };
  });
  if (!signedIn) {
    await recordEvent(deps.db, ctx, { type: "SIGN_IN_FAILURE", detail: "ticket" });
    return null;
  }
  const { user, session } = signedIn;
  await rememberDevice(deps, ctx, { user, deviceToken: input.deviceToken ?? null });
  return { userId: user.id, sessionId: session.id };
}
