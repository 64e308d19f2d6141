// Turns 2FA on for a test account through the real enrollment functions (not a test file).
import type { Actor } from "@/lib/auth/authorize";
import { confirmEnrollment, pendingEnrollment, startEnrollment } from "@/lib/auth/two-factor";
import { generateTotp } from "@/lib/auth/totp";
import { ctx, type TestDeps } from "./auth-helpers";

export function actorFor(id: string, email: string, sessionId = "ckzzzzzzzzzzzzzzzzzzzzzzz", role = "CUSTOMER"): Actor {
  return {
    id,
    email,
    name: "Test User",
    role,
    sessionId,
    twoFactorEnabled: false,
    authMethod: null,
    passkeyRequired: false,
  };
}

export async function enableTwoFactor(deps: TestDeps, id: string, email: string, sessionId?: string) {
  const actor = actorFor(id, email, sessionId);
  await startEnrollment(deps, actor);
  const pending = await pendingEnrollment(deps, actor);
  if (!pending) throw new Error("no pending enrollment");
  const { recoveryCodes } = await confirmEnrollment(deps, ctx(), actor, {
    code: generateTotp(pending.secret, deps.now()),
  });
  return {
    secret: pending.secret,
    recoveryCodes,
    actor: { ...actor, twoFactorEnabled: true, authMethod: null, passkeyRequired: false },
  };
}
