import "server-only";
import type { Actor } from "@/lib/auth/authorize";
import type { AuthDeps } from "@/lib/auth/deps";
import { verifyPassword } from "@/lib/auth/password";
import { rateLimited } from "@/lib/auth/rate-limited";
import { confirmPasswordSchema } from "@/lib/auth/schemas";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// Export and deletion hand over or destroy everything: a session alone (a borrowed laptop, a
// stolen cookie) is not enough, the password is asked again, under a per-account limit.

export async function confirmAccountPassword(
  deps: AuthDeps,
  actor: Actor,
  input: unknown,
): Promise<{ id: string; email: string; name: string; role: string }> {
  const { password } = parseInput(confirmPasswordSchema, input);
  const limit = await deps.limits.accountDataPerAccount.consume(`user:${actor.id}`);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);
  const user = await deps.db.user.findUnique({
    where: { id: actor.id },
    select: { id: true, email: true, name: true, role: true, passwordHash: true },
  });
  if (!user) throw new AppError("NOT_FOUND", "This account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("VALIDATION", "That password is not correct.", { password: "That password is not correct." });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
