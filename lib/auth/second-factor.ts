import "server-only";
import type { Db } from "@/lib/db";
import type { Keyring } from "@/lib/security/crypto";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { decryptTotpSecret } from "./secrets";
import { verifyTotp } from "./totp";

// Checking a second factor. Both kinds are single use, enforced by the database rather than by
// a read-then-write: a TOTP step is claimed with a conditional update of User.totpLastStep (two
// requests with one code: exactly one update matches), a recovery code by a conditional update
// of its usedAt.

export type SecondFactorMethod = "TOTP" | "RECOVERY_CODE";

type TotpUser = { id: string; totpSecretEnc: string | null; totpLastStep: number | null };

/** Verifies a TOTP code against the user's active secret and claims its time step. */
export type SecondFactorCheck = { keyring: Keyring; user: TotpUser; code: string; now: Date };

export async function verifyTotpOnce(db: Db, { keyring, user, code, now }: SecondFactorCheck): Promise<boolean> {
  if (!user.totpSecretEnc) return false;
  const secret = decryptTotpSecret(keyring, user.id, user.totpSecretEnc);
  const result = verifyTotp({ secret, code, now, lastUsedStep: user.totpLastStep });
  if (!result.ok) return false;
  return claimStep(db, user.id, result.step);
}

/** Records `step` as used unless it (or a later step) already was; false means replay. */
export async function claimStep(db: Db, userId: string, step: number): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

/** Marks a recovery code used; false when it is unknown or already used. */
async function redeemRecoveryCode(
  db: Db,
  { userId, code, now }: { userId: string; code: string; now: Date },
): Promise<boolean> {
  if (!/^[0-9a-z]{10}$/.test(normalizeRecoveryCode(code))) return false;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

/** A 6-digit code is a TOTP code; anything else is tried as a recovery code. */
export async function checkSecondFactor(db: Db, check: SecondFactorCheck): Promise<SecondFactorMethod | null> {
  if (/^\d{6}$/.test(check.code.replace(/\s+/g, ""))) return (await verifyTotpOnce(db, check)) ? "TOTP" : null;
  return (await redeemRecoveryCode(db, { userId: check.user.id, code: check.code, now: check.now }))
    ? "RECOVERY_CODE"
    : null;
}
