import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { PasskeyRequiredError, requireStaff, requireUser, TwoFactorRequiredError, type Actor, type Role } from "./authorize";
import { currentUser } from "./current-user";

// Page-level use of lib/auth/authorize.ts: the same checks, answered with a navigation instead
// of an error. Signed-out visitors go to sign-in, staff without 2FA to enrollment, anyone else
// without the role gets a 404 (the admin area does not advertise itself).

export async function userForPage(path: string): Promise<Actor> {
  const actor = await currentUser();
  if (!actor) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return requireUser(actor);
}

export async function staffForPage(path: string, roles?: readonly Role[]): Promise<Actor & { role: Role }> {
  const actor = await currentUser();
  if (!actor) redirect(`/signin?next=${encodeURIComponent(path)}`);
  try {
    return requireStaff(actor, roles);
  } catch (error) {
    if (error instanceof TwoFactorRequiredError) redirect("/account/security?required=2fa");
    if (error instanceof PasskeyRequiredError) redirect("/account/security?required=passkey");
    if (error instanceof AppError) notFound();
    throw error;
  }
}

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown, fallback = "/account"): string {
  if (typeof next !== "string" || !/^\/(?![/\\])[\w\-./?=&%#]*$/.test(next)) return fallback;
  return next;
}
