import "server-only";
import { requirePermission, type Actor, type Permission, type Role } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { adminNetworkAllows } from "./network";

export type Staff = Actor & { role: Role };

// The one gate in front of every admin page and action, in this order: the network allowlist
// (outside it the admin area does not exist: NOT_FOUND), then the role (non-staff: NOT_FOUND;
// staff without 2FA: TwoFactorRequiredError; staff not signed in with a passkey while
// STAFF_REQUIRE_PASSKEY is on: PasskeyRequiredError; staff without the permission: FORBIDDEN).
// Pure: the caller passes the actor, the client address and the allowlist from lib/env.

export type AccessContext = { ip: string; allowedNetworks: string | undefined };

const hiddenAdmin = () => new AppError("NOT_FOUND", "That page could not be found.");

export function checkAdminAccess(actor: Actor | null, ctx: AccessContext, permission: Permission): Staff {
  if (!adminNetworkAllows(ctx.ip, ctx.allowedNetworks)) throw hiddenAdmin();
  if (!actor) throw hiddenAdmin();
  return requirePermission(actor, permission);
}
