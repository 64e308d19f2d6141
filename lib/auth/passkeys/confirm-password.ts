import "server-only";
import { AppError } from "@/lib/errors";
import type { AuthDeps, RequestContext } from "../deps";
import { recordEvent } from "../events";
import { verifyPassword } from "../password";
import { rateLimited } from "../rate-limited";
import { accountKey } from "../sign-in";

// Adding or removing a passkey changes how the account signs in, so the password is asked again
// (a session left open on a shared computer is not enough). Guessing it here is limited exactly
// like guessing it at sign-in, and a wrong guess is a sign-in failure in the account's history.
export async function confirmPasswordForPasskeys(
  deps: AuthDeps,
  ctx: RequestContext,
  {
    user,
    password,
    purpose,
  }: {
    user: { id: string; email: string; passwordHash: string };
    password: string;
    purpose: "add-passkey" | "remove-passkey";
  },
): Promise<void> {
  const limit = await deps.limits.signInPerAccount.consume(accountKey(user.email));
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordEvent(deps.db, ctx, { type: "SIGN_IN_FAILURE", userId: user.id, detail: purpose });
    throw new AppError("VALIDATION", "That password is not correct.", { password: "That password is not correct." });
  }
  await deps.limits.signInPerAccount.reset(accountKey(user.email));
}
