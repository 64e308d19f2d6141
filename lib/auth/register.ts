import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { ipBucketKey } from "@/lib/rate-limit";
import { welcomeEmail, existingAccountEmail } from "@/lib/notify/auth-emails";
import { parseInput } from "@/lib/validation";
import type { AuthDeps, RequestContext } from "./deps";
import { recordEvent } from "./events";
import { hashPassword, passwordProblem } from "./password";
import { rateLimited } from "./rate-limited";
import { registerSchema } from "./schemas";

export const REGISTER_OUTCOME = "Check your email: we sent you a message about your account.";

/**
 * Creates a CUSTOMER account. The role is never read from input (the schema strips unknown keys).
 * An address that already has an account gets the same outcome, and the same Argon2 work, as a
 * new one; only its owner learns, by email, that someone tried. Returns the new user id (or null),
 * for the caller's own bookkeeping only: never show it.
 */
export async function registerAccount(
  deps: AuthDeps,
  ctx: RequestContext,
  input: unknown,
): Promise<{ message: string; userId: string | null }> {
  const { name, email, password } = parseInput(registerSchema, input);
  const problem = passwordProblem(password, { email, name });
  if (problem) throw new AppError("VALIDATION", problem, { password: problem });

  const limit = await deps.limits.registerPerIp.consume(ipBucketKey(ctx.ip));
  if (!limit.allowed) throw rateLimited(limit.retryAfterSec);

  const passwordHash = await hashPassword(password);
  const existing = await deps.db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return existingEmail(deps, ctx, { email, userId: existing.id });
  try {
    // The account and its REGISTERED event commit together.
    const user = await inTransaction(deps.db, async (tx) => {
      const created = await tx.user.create({
        data: { name, email, passwordHash, signupIp: ctx.ip, signupCountry: ctx.country },
        select: { id: true },
      });
      await recordEvent(tx, ctx, { type: "REGISTERED", userId: created.id });
      return created;
    });
    deps.notify(welcomeEmail(email, name, deps.appUrl));
    return { message: REGISTER_OUTCOME, userId: user.id };
  } catch (error) {
    // Two registrations of one address at once: the loser is treated as "already exists".
    if (isUniqueViolation(error)) {
      const winner = await deps.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      return existingEmail(deps, ctx, { email, userId: winner.id });
    }
    throw error;
  }
}

async function existingEmail(
  deps: AuthDeps,
  ctx: RequestContext,
  { email, userId }: { email: string; userId: string },
) {
  await recordEvent(deps.db, ctx, { type: "REGISTER_EXISTING_EMAIL", userId });
  deps.notify(existingAccountEmail(email, deps.appUrl));
  return { message: REGISTER_OUTCOME, userId: null };
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
