import "server-only";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, requireUser, type Actor } from "@/lib/auth/authorize";
import { emailSchema } from "@/lib/auth/schemas";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { renderEmail, type MailMessage } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { hashToken, newToken } from "@/lib/security/tokens";
import { parseInput } from "@/lib/validation";

// Staff invitations: an admin invites an email address as ADMIN or REVIEWER. The link carries a
// random token in its fragment (never sent to the server by the browser; only its hash is
// stored), works for 7 days, once, and only for a signed-in account with that email address.
// The role then applies at once, and so does the 2FA gate in front of the dashboard.

const INVITE_TTL_MS = 7 * 86_400_000;
const INVALID = "This invitation is invalid, expired or already used. Ask an admin for a new one.";

const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(["ADMIN", "REVIEWER"], { error: "Choose ADMIN or REVIEWER." }),
});
const acceptSchema = z.object({
  token: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{43}$/, INVALID),
});

export type InviteDeps = {
  appUrl: string;
  send: (message: MailMessage) => void | Promise<void>;
  now?: () => Date;
  ip?: string;
};

export async function inviteStaff(
  db: Db,
  actor: Actor | null,
  input: unknown,
  deps: InviteDeps,
): Promise<{ email: string; role: string }> {
  const admin = requirePermission(actor, "staff.manage");
  const { email, role } = parseInput(inviteSchema, input);
  const token = newToken(32);
  const now = deps.now?.() ?? new Date();
  await inTransaction(db, async (tx) => {
    await tx.staffInvite.create({
      data: {
        email,
        role,
        tokenHash: hashToken(token),
        invitedById: admin.id,
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
        createdAt: now,
      },
    });
    await appendAudit(tx, {
      actor: { id: admin.id, email: admin.email },
      action: "staff.invite",
      target: `email:${email}`,
      detail: { role },
      ip: deps.ip,
    });
  });
  const content = renderEmail({
    heading: "You are invited to the store's admin team",
    paragraphs: [
      `${admin.name} invited you to review orders as ${role === "ADMIN" ? "an admin" : "a reviewer"}. Sign in (or create an account) with this email address, then open the link below within 7 days.`,
      "Before you reach the dashboard you will turn on two-factor authentication and read the staff security policy.",
    ],
    action: { label: "Accept the invitation", url: `${deps.appUrl}/admin/invite#token=${token}` },
  });
  await deps.send({ to: email, subject: "Your invitation to the Secure Store admin team", ...content });
  return { email, role };
}

/** Accepts an invitation as the signed-in user (who must own the invited email). */
export async function acceptInvite(
  db: Db,
  actor: Actor | null,
  input: unknown,
  { ip, now = new Date() }: { ip?: string; now?: Date } = {},
): Promise<{ role: string }> {
  const user = requireUser(actor);
  const { token } = parseInput(acceptSchema, input);
  const invite = await db.staffInvite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true },
  });
  if (!invite || invite.acceptedAt || invite.expiresAt <= now)
    throw new AppError("VALIDATION", INVALID, { token: INVALID });
  if (invite.email !== user.email.toLowerCase()) {
    throw new AppError(
      "FORBIDDEN",
      "This invitation was sent to a different email address. Sign in with that address to accept it.",
    );
  }
  // Using up the invitation, the new role and the audit entry commit together.
  return inTransaction(db, async (tx) => {
    const { count } = await tx.staffInvite.updateMany({
      where: { id: invite.id, acceptedAt: null },
      data: { acceptedAt: now },
    });
    if (count !== 1) throw new AppError("VALIDATION", INVALID, { token: INVALID });
    // An admin invited as a reviewer keeps their admin role: an invitation never demotes.
    const current = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } });
    const role = current.role === "ADMIN" ? "ADMIN" : invite.role;
    await tx.user.update({ where: { id: user.id }, data: { role } });
    await appendAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "staff.invite.accept",
      target: `user:${user.id}`,
      detail: { from: current.role, to: role, inviteId: invite.id },
      ip,
    });
    return { role };
  });
}
