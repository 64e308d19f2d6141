import "server-only";
import { AppError } from "@/lib/errors";

// Who may do what. Every page and action passes its actor (currentUser()) through one of these;
// a page-level redirect is a convenience, the check lives here.

export const ROLES = ["CUSTOMER", "REVIEWER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ["ADMIN", "REVIEWER"];

export type Actor = {
  id: string;
  email: string;
  name: string;
  role: string;
  sessionId: string;
  twoFactorEnabled: boolean;
  /** How this session signed in (PASSWORD | TOTP | RECOVERY_CODE | PASSKEY; null if unrecorded). */
  authMethod: string | null;
  /** STAFF_REQUIRE_PASSKEY applies to this actor: staff rights need a passkey session. */
  passkeyRequired: boolean;
};

/** Staff who have not enrolled in 2FA get this instead of access; pages send them to enrollment. */
export class TwoFactorRequiredError extends AppError {
  constructor() {
    super("FORBIDDEN", "Staff accounts must turn on two-factor authentication before using the admin area.");
  }
}

/** Staff whose session did not sign in with a passkey while STAFF_REQUIRE_PASSKEY is on. */
export class PasskeyRequiredError extends AppError {
  constructor() {
    super(
      "FORBIDDEN",
      "Staff must sign in with a passkey to use the admin area. Add one on your security page, then sign in with it.",
    );
  }
}

const mustUsePasskey = (user: Actor) => user.passkeyRequired && user.authMethod !== "PASSKEY";

export function requireUser(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Please sign in to continue.");
  return actor;
}

/** A staff member with one of `roles` AND two-factor authentication on (and a passkey session when required); throws otherwise. */
export function requireStaff(actor: Actor | null, roles: readonly Role[] = STAFF_ROLES): Actor & { role: Role } {
  const user = requireUser(actor);
  if (!roles.includes(user.role as Role)) throw new AppError("FORBIDDEN", "You do not have permission to do that.");
  if (!user.twoFactorEnabled) throw new TwoFactorRequiredError();
  if (mustUsePasskey(user)) throw new PasskeyRequiredError();
  return user as Actor & { role: Role };
}

export const isStaff = (actor: Actor | null) => actor !== null && STAFF_ROLES.includes(actor.role as Role);

// What each staff role may do in the admin area. ADMIN may do everything; REVIEWER works the
// review queue. Every admin page and action names the permission it needs.
// Refunds move money out of the store, so only ADMIN may issue them; reviewers see disputes
// (they judge fraud, and a dispute is the fraud they missed) but not the money dashboard.
export const PERMISSIONS = {
  "orders.view": ["ADMIN", "REVIEWER"],
  "orders.decide": ["ADMIN", "REVIEWER"],
  "alerts.view": ["ADMIN", "REVIEWER"],
  "rules.manage": ["ADMIN"],
  "staff.manage": ["ADMIN"],
  "audit.view": ["ADMIN"],
  "security.view": ["ADMIN"],
  "orders.refund": ["ADMIN"],
  "disputes.view": ["ADMIN", "REVIEWER"],
  "money.view": ["ADMIN"],
  // Products, prices and stock (/admin/products; lib/catalog/admin.ts).
  "catalog.manage": ["ADMIN"],
  // The development outbox (development and DEMO_MODE only; lib/notify/outbox-access.ts).
  "outbox.view": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Actor | null, permission: Permission): boolean {
  return actor !== null && (PERMISSIONS[permission] as readonly string[]).includes(actor.role);
}

/**
 * A staff member (2FA on) allowed `permission`. Anyone who is not staff gets NOT_FOUND (the admin
 * area does not advertise itself); staff without the permission get FORBIDDEN.
 */
export function requirePermission(actor: Actor | null, permission: Permission): Actor & { role: Role } {
  const user = requireUser(actor);
  if (!isStaff(user)) throw new AppError("NOT_FOUND", "That page could not be found.");
  if (!user.twoFactorEnabled) throw new TwoFactorRequiredError();
  if (mustUsePasskey(user)) throw new PasskeyRequiredError();
  if (!can(user, permission))
    throw new AppError("FORBIDDEN", "You are not allowed to do that. Ask an admin if you need it.");
  return user as Actor & { role: Role };
}
