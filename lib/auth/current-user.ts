import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { staffSessionPolicy } from "./app-deps";
import { isStaff, type Actor } from "./authorize";
import { sessionCookieName } from "./cookies";
import { authOptions } from "./next-auth";
import { activeSession } from "./sessions";

/**
 * The signed-in user of this request, or null. The session JWT must verify AND its UserSession
 * row must be live (not revoked, not expired): a signed-out or revoked session, or a copied
 * cookie of one, is null here. Memoized per request.
 */
export const currentUser = cache(async (): Promise<Actor | null> => {
  // No session cookie (next-auth may split a large one into name.0, name.1…), no session: most
  // requests are shoppers who never signed in, and next-auth's session handling is not free.
  const name = sessionCookieName();
  if (!(await cookies()).getAll().some((c) => c.name === name || c.name.startsWith(`${name}.`))) return null;
  const session = await getServerSession(authOptions()).catch(() => null);
  const sessionId = session?.sessionId;
  if (typeof sessionId !== "string") return null;
  const live = await activeSession(db(), sessionId, new Date(), staffSessionPolicy());
  if (!live) return null;
  const { user } = live;
  const actor: Actor = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sessionId: live.id,
    twoFactorEnabled: user.totpEnabledAt !== null,
    authMethod: live.authMethod,
    passkeyRequired: false,
  };
  return { ...actor, passkeyRequired: isStaff(actor) && env().STAFF_REQUIRE_PASSKEY };
});
