import "server-only";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { twoFactorChangedEmail } from "@/lib/notify/auth-emails";
import { parseInput } from "@/lib/validation";
import type { Actor } from "./authorize";
import { STAFF_ROLES, type Role } from "./authorize";
import type { AuthDeps, RequestContext } from "./deps";
import { recordEvent } from "./events";
import { verifyPassword } from "./password";
import { rateLimited } from "./rate-limited";
import { generateRecoveryCodes, hashRecoveryCode } from "./recovery-codes";
import { confirmPasswordSchema, disableTwoFactorSchema, totpCodeSchema } from "./schemas";
import { claimStep, verifyTotpOnce } from "./second-factor";
import { decryptTotpSecret, encryptTotpSecret } from "./secrets";
import { revokeOtherSessions } from "./sessions";
import { newTotpSecret, totpQrSvg, totpUri, verifyTotp } from "./totp";

// Turning 2FA on and off, and recovery codes. Enrollment keeps the new secret (encrypted) in
// totpPendingEnc until the user proves, with a valid code, that their app has it.

const ISSUER = "Secure Store";
const badCode = () =>
  new AppError("VALIDATION", "That code is not valid. Check your app's clock and try the newest code.", {
    code: "That code is not valid.",
  });

async function loadUser(deps: AuthDeps, actor: Actor) {
  return deps.db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      email: true,
      role: true,
      passwordHash: true,
      totpSecretEnc: true,
      totpPendingEnc: true,
      totpEnabledAt: true,
      totpLastStep: true,
    },
  });
}

async function limitCodes(deps: AuthDeps, ctx: RequestContext, userId: string) {
  const limit = await deps.limits.totpPerAccount.consume(`user:${userId}`);
  if (!limit.allowed) {
    await recordEvent(deps.db, ctx, { type: "LOCKOUT", userId, detail: "two-factor-settings" });
    throw rateLimited(limit.retryAfterSec);
  }
}

async function requirePassword(
  deps: AuthDeps,
  ctx: RequestContext,
  { user, password }: { user: { id: string; passwordHash: string }; password: string },
) {
  await limitCodes(deps, ctx, user.id);
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("VALIDATION", "That password is not correct.", { password: "That password is not correct." });
  }
}

/** Creates a fresh secret to enroll (replacing any earlier unconfirmed one). POST only. */
export async function startEnrollment(deps: AuthDeps, actor: Actor): Promise<void> {
  const user = await loadUser(deps, actor);
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  await deps.db.user.update({
    where: { id: user.id },
    data: { totpPendingEnc: encryptTotpSecret(deps.keyring, user.id, newTotpSecret()) },
  });
}

/** The secret being enrolled, as a server-rendered QR code (inline SVG) and as text; null if none. */
export async function pendingEnrollment(
  deps: AuthDeps,
  actor: Actor,
): Promise<{ secret: string; qrSvg: string } | null> {
  const user = await loadUser(deps, actor);
  if (user.totpEnabledAt || !user.totpPendingEnc) return null;
  const secret = decryptTotpSecret(deps.keyring, user.id, user.totpPendingEnc);
  const uri = totpUri({ secret, accountName: user.email.replace(/:/g, ""), issuer: ISSUER });
  return { secret, qrSvg: await totpQrSvg(uri) };
}

/** Replaces the user's recovery codes with 10 new ones; called inside the caller's transaction. */
async function storeNewRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes(10);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** Turns 2FA on with a valid code for the pending secret; returns 10 recovery codes, shown once. */
export async function confirmEnrollment(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(totpCodeSchema, input);
  const user = await loadUser(deps, actor);
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
  if (!user.totpPendingEnc) throw new AppError("CONFLICT", "Start again: reload the page to get a new key.");
  await limitCodes(deps, ctx, user.id);
  const now = deps.now();
  const secret = decryptTotpSecret(deps.keyring, user.id, user.totpPendingEnc);
  const result = verifyTotp({ secret, code, now, lastUsedStep: user.totpLastStep });
  if (!result.ok || !(await claimStep(deps.db, user.id, result.step))) throw badCode();
  // 2FA on, its recovery codes, its event and the end of the other sessions commit together: a
  // crash never leaves 2FA on without recovery codes the user was shown.
  const recoveryCodes = await inTransaction(deps.db, async (tx) => {
    // Conditional on the pending secret still being the one verified (two tabs, one wins).
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpPendingEnc: user.totpPendingEnc },
      data: { totpSecretEnc: user.totpPendingEnc, totpPendingEnc: null, totpEnabledAt: now },
    });
    if (count === 0) throw new AppError("CONFLICT", "Two-factor authentication is already on.");
    const codes = await storeNewRecoveryCodes(tx, user.id);
    await recordEvent(tx, ctx, { type: "TOTP_ENABLED", userId: user.id });
    await revokeOtherSessions(tx, ctx, { userId: user.id, keep: actor.sessionId, now, reason: "totp-enabled" });
    return codes;
  });
  await deps.limits.totpPerAccount.reset(`user:${user.id}`);
  deps.notify(twoFactorChangedEmail(user.email, true, deps.appUrl));
  return { recoveryCodes };
}

/** New recovery codes (the old ones stop working); needs the password again. */
export async function regenerateRecoveryCodes(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<{ recoveryCodes: string[] }> {
  const { password } = parseInput(confirmPasswordSchema, input);
  const user = await loadUser(deps, actor);
  if (!user.totpEnabledAt) throw new AppError("CONFLICT", "Turn on two-factor authentication first.");
  await requirePassword(deps, ctx, { user, password });
  const recoveryCodes = await inTransaction(deps.db, async (tx) => {
    const codes = await storeNewRecoveryCodes(tx, user.id);
    await recordEvent(tx, ctx, { type: "RECOVERY_CODES_REGENERATED", userId: user.id });
    return codes;
  });
  return { recoveryCodes };
}

/** Turns 2FA off with the password and a current code. Staff must keep it on. */
export async function disableTwoFactor(
  deps: AuthDeps,
  ctx: RequestContext,
  actor: Actor,
  input: unknown,
): Promise<void> {
  const { password, code } = parseInput(disableTwoFactorSchema, input);
  const user = await loadUser(deps, actor);
  if (!user.totpEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already off.");
  if (STAFF_ROLES.includes(user.role as Role))
    throw new AppError("FORBIDDEN", "Staff accounts must keep two-factor authentication on.");
  await requirePassword(deps, ctx, { user, password });
  const now = deps.now();
  if (!(await verifyTotpOnce(deps.db, { keyring: deps.keyring, user, code, now }))) throw badCode();
  await inTransaction(deps.db, async (tx) => {
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecretEnc: null, totpPendingEnc: null, totpEnabledAt: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await recordEvent(tx, ctx, { type: "TOTP_DISABLED", userId: user.id });
    await revokeOtherSessions(tx, ctx, { userId: user.id, keep: actor.sessionId, now, reason: "totp-disabled" });
  });
  deps.notify(twoFactorChangedEmail(user.email, false, deps.appUrl));
}
