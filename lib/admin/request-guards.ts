import "server-only";
import { notFound, redirect } from "next/navigation";
import { appendAudit } from "@/lib/audit/log";
import { can, isStaff, requireUser, type Permission } from "@/lib/auth/authorize";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";
import { AppError } from "@/lib/errors";
import { checkAdminAccess, type Staff } from "./access-gate";
import { adminNetworkAllows } from "./network";
import { needsPolicyAck } from "./policy";

// lib/admin/access-gate.ts bound to the current request. Actions get AppErrors (their wrapper turns
// them into a message); pages get navigations: outside the allowlist or not staff → 404,
// signed out → sign-in, staff without 2FA → enrollment, staff without a required passkey
// session → the security page, policy not acknowledged → /admin/policy,
// staff without the permission → `allowed: false` (the page shows "not allowed").

export type AdminRequest = { staff: Staff; ip: string };

/** For server actions: the acting staff member with `permission`, or an AppError. */
export async function adminAction(
  permission: Permission,
  options: { skipPolicy?: boolean } = {},
): Promise<AdminRequest> {
  const [actor, ctx] = await Promise.all([currentUser(), requestContext()]);
  const staff = checkAdminAccess(actor, { ip: ctx.ip, allowedNetworks: env().ADMIN_ALLOWED_NETWORKS }, permission);
  if (!options.skipPolicy && (await needsPolicyAck(db(), staff)))
    throw new AppError("FORBIDDEN", "Read and acknowledge the security policy first.");
  return { staff, ip: ctx.ip };
}

export type AdminPage = (AdminRequest & { allowed: true }) | { staff: Staff; allowed: false };

/** For pages: who may see `path`; `allowed: false` means staff without this permission (show NotAllowed). */
export async function adminPage(
  path: string,
  permission: Permission,
  options: { skipPolicy?: boolean } = {},
): Promise<AdminPage> {
  const staff = await staffMember(path);
  const ctx = await requestContext();
  if (!options.skipPolicy && (await needsPolicyAck(db(), staff))) redirect("/admin/policy");
  await recordAdminAccess(staff, ctx.ip);
  if (!can(staff, permission)) return { staff, allowed: false };
  return { staff, ip: ctx.ip, allowed: true };
}

/** The admin layout's check: staff with 2FA inside the allowlist, else 404 / sign-in / enrollment. */
export async function staffMember(path: string): Promise<Staff> {
  const [actor, ctx] = await Promise.all([currentUser(), requestContext()]);
  if (!adminNetworkAllows(ctx.ip, env().ADMIN_ALLOWED_NETWORKS)) notFound();
  if (!actor) redirect(`/signin?next=${encodeURIComponent(path)}`);
  const user = requireUser(actor);
  if (!isStaff(user)) notFound();
  if (!user.twoFactorEnabled) redirect("/account/security?required=2fa");
  // STAFF_REQUIRE_PASSKEY: a TOTP or recovery-code sign-in only reaches the security page.
  if (user.passkeyRequired && user.authMethod !== "PASSKEY") redirect("/account/security?required=passkey");
  return user as Staff;
}

// "Signed in to the admin area" is audited once per session: the first admin page it opens.
async function recordAdminAccess(staff: Staff, ip: string): Promise<void> {
  const target = `session:${staff.sessionId}`;
  const seen = await db().auditLog.findFirst({ where: { action: "admin.access", target }, select: { seq: true } });
  if (seen) return;
  await appendAudit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "admin.access",
    target,
    detail: { role: staff.role },
    ip,
  });
}
