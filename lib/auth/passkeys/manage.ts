import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { passkeyRemovedEmail } from "@/lib/notify/auth-emails";
import { parseInput } from "@/lib/validation";
import type { Actor } from "../authorize";
import type { AuthDeps, RequestContext } from "../deps";
import { recordEvent } from "../events";
import { confirmPasswordForPasskeys } from "./confirm-password";
import { passkeyIdSchema, renamePasskeySchema } from "./schemas";

// Listing, renaming and removing the actor's own passkeys. Every query is scoped by userId, so
// another account's passkey id is "not found". Removing one needs the password again and
// emails the owner, like the other changes to how an account signs in.

const removeSchema = passkeyIdSchema.extend({
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(1024, "Enter your password."),
});
const gone = () => new AppError("NOT_FOUND", "That passkey does not exist.");

export async function listPasskeys(deps: AuthDeps, actor: Actor) {
  return deps.db.passkey.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      deviceType: true,
      backedUp: true,
      createdAt: true,
      lastUsedAt: true,
    },
  });
}

export async function renamePasskey(deps: AuthDeps, actor: Actor, input: unknown): Promise<void> {
  const { passkeyId, name } = parseInput(renamePasskeySchema, input);
  const { count } = await deps.db.passkey.updateMany({
    where: { id: passkeyId, userId: actor.id },
    data: { name },
  });
  if (count === 0) throw gone();
}

export async function removePasskey(deps: AuthDeps, ctx: RequestContext, actor: Actor, input: unknown): Promise<void> {
  const { passkeyId, password } = parseInput(removeSchema, input);
  const user = await deps.db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { id: true, email: true, passwordHash: true },
  });
  await confirmPasswordForPasskeys(deps, ctx, { user, password, purpose: "remove-passkey" });
  const passkey = await deps.db.passkey.findFirst({
    where: { id: passkeyId, userId: user.id },
    select: { id: true, name: true },
  });
  if (!passkey) throw gone();
  const { count } = await deps.db.passkey.deleteMany({
    where: { id: passkey.id, userId: user.id },
  });
  if (count === 0) throw gone();
  await recordEvent(deps.db, ctx, {
    type: "PASSKEY_REMOVED",
    userId: user.id,
    detail: `passkey:${passkey.id}`,
  });
  deps.notify(passkeyRemovedEmail(user.email, passkey.name, deps.appUrl));
}
