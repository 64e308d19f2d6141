import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, ROLES, STAFF_ROLES, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "staff" });

// Staff management (admins only): who is staff, and changing a user's role. The store always
// keeps at least one admin: the last one cannot be demoted, by themselves or anyone else.

export async function listStaff(db: Db, actor: Actor | null) {
  requirePermission(actor, "staff.manage");
  const [staff, invites] = await Promise.all([
    db.user.findMany({
      where: { role: { in: [...STAFF_ROLES] } },
      orderBy: [{ role: "asc" }, { email: "asc" }],
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        totpEnabledAt: true,
        policyAckVersion: true,
        createdAt: true,
        _count: { select: { passkeys: true, sessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } } } } },
      },
    }),
    db.staffInvite.findMany({
      where: { acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      take: 50,
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { staff, invites };
}

const roleSchema = z.object({
  userId: z.string().trim().min(1, "Choose a user.").max(64, "Choose a user."),
  role: z.enum(ROLES, { error: "Choose ADMIN, REVIEWER or CUSTOMER." }),
});

const LAST_ADMIN = "The store needs at least one admin: make someone else an admin first.";

/** Changes a user's role (audited in the same transaction). Refuses to leave the store without an admin. */
export async function setRole(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { ip }: { ip?: string } = {},
): Promise<{ email: string; from: string; to: string }> {
  const admin = requirePermission(actor, "staff.manage");
  const { userId, role } = parseInput(roleSchema, input);
  return inTransaction(
    db,
    async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true } });
      if (!user) throw new AppError("NOT_FOUND", "That user could not be found.");
      const change = { email: user.email, from: user.role, to: role };
      if (user.role === role) return change;
      await tx.user.update({ where: { id: user.id }, data: { role } });
      // Counted after the change, inside a serializable transaction: two admins demoting each
      // other at once cannot both see "one admin left".
      if ((await tx.user.count({ where: { role: "ADMIN" } })) === 0) throw new AppError("CONFLICT", LAST_ADMIN);
      await appendAudit(tx, {
        actor: { id: admin.id, email: admin.email },
        action: "staff.role",
        target: `user:${userId}`,
        detail: change,
        ip,
      });
      return change;
    },
    { isolationLevel: "Serializable" },
  ).catch((error: unknown) => {
    if (error instanceof AppError) throw error;
    // A serialization failure means another role change raced this one.
    log.error({ err: error }, "role change failed");
    throw new AppError("CONFLICT", "Another change to staff roles happened at the same time. Please try again.");
  });
}

const staffUserSchema = z.object({
  userId: z.string().trim().min(1, "Choose a staff member.").max(64, "Choose a staff member."),
});

/**
 * Ends every session of another staff member (a lost laptop, someone leaving): audited, and the
 * member's own security log shows it. Your own sessions are ended from /account/security.
 */
export async function endStaffSessions(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { now, ip }: { now: Date; ip?: string },
): Promise<{ email: string; ended: number }> {
  const admin = requirePermission(actor, "staff.manage");
  const { userId } = parseInput(staffUserSchema, input);
  if (userId === admin.id) throw new AppError("CONFLICT", "Use your account's security page to end your own sessions.");
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true } });
  if (!user || !(STAFF_ROLES as readonly string[]).includes(user.role))
    throw new AppError("NOT_FOUND", "That staff member could not be found.");
  // The sessions end together with their audit entry and the member's own account event.
  const count = await inTransaction(db, async (tx) => {
    const ended = await tx.userSession.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: now },
    });
    await appendAudit(tx, {
      actor: { id: admin.id, email: admin.email },
      action: "staff.sessions.end",
      target: `user:${user.id}`,
      detail: { email: user.email, ended: ended.count },
      ip,
    });
    await tx.authEvent.create({
      data: { type: "SESSION_REVOKED", userId: user.id, detail: `ended-by-admin:${ended.count}`, ip: ip ?? null },
    });
    return ended.count;
  });
  return { email: user.email, ended: count };
}
