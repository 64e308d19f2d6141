import "server-only";
import { redirect } from "next/navigation";
import { requireUser, type Actor } from "./authorize";
import { currentUser } from "./current-user";

// Page-level use of lib/auth/authorize.ts for shopper pages: the same check, answered with a
// navigation instead of an error (signed-out visitors go to sign-in). Admin pages use
// lib/admin/request-guards.ts.

export async function userForPage(path: string): Promise<Actor> {
  const actor = await currentUser();
  if (!actor) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return requireUser(actor);
}

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNext(next: unknown, fallback = "/account"): string {
  if (typeof next !== "string" || !/^\/(?![/\\])[\w\-./?=&%#]*$/.test(next)) return fallback;
  return next;
}
