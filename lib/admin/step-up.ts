import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/authorize";
import { rateLimited } from "@/lib/auth/rate-limited";
import { verifyTotpOnce } from "@/lib/auth/second-factor";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Policies } from "@/lib/rate-limit";
import type { Keyring } from "@/lib/security/crypto";

// Step-up for decisions that move a lot of money: a fresh code from the acting staff member's
// authenticator. The same single-use claim of the TOTP step as sign-in (verifyTotpOnce), so a
// code seen over a shoulder or used to sign in cannot be replayed, and the same per-account
// limit on attempts.

/** The form field a step-up code arrives in: optional, blank means none. */
export const stepUpCodeSchema = z
  .string()
  .trim()
  .max(20, "Enter the 6-digit code from your authenticator app.")
  .optional()
  .transform((v) => (v ? v : undefined));

export type StepUpDeps = { keyring: Keyring; limits: Policies; now: () => Date };

const NEEDED = "This order is above the step-up amount: enter a current code from your authenticator app.";
const WRONG = "That code is not valid or was already used. Wait for the next code and try again.";

export async function requireStepUp(
  db: Db,
  deps: StepUpDeps,
  { actor, code }: { actor: Actor; code: string | undefined },
): Promise<void> {
  if (!code) throw new AppError("VALIDATION", NEEDED, { totpCode: NEEDED });
  const key = `user:${actor.id}`;
  const limit = await deps.limits.totpPerAccount.consume(key);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { id: true, totpSecretEnc: true, totpLastStep: true },
  });
  if (!user || !(await verifyTotpOnce(db, { keyring: deps.keyring, user, code, now: deps.now() })))
    throw new AppError("VALIDATION", WRONG, { totpCode: WRONG });
  await deps.limits.totpPerAccount.reset(key);
}
