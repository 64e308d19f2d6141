import "server-only";
import type { Db } from "@/lib/db";
import { hashToken, newToken } from "@/lib/security/tokens";

// A login ticket proves that a browser passed every sign-in step. It is random, stored hashed,
// valid for 60 seconds, single use, and bound to the browser that earned it: redeeming needs the
// same httpOnly sign-in cookie (browserToken) too. next-auth's credentials provider redeems it.

const TICKET_TTL_MS = 60 * 1000;

type TicketMethod = "PASSWORD" | "TOTP" | "RECOVERY_CODE" | "PASSKEY";

export type TicketRequest = { userId: string; browserToken: string; method: TicketMethod; now: Date };

export async function issueTicket(db: Db, { userId, browserToken, method, now }: TicketRequest): Promise<string> {
  const ticket = newToken(32);
  await db.loginTicket.create({
    data: {
      userId,
      tokenHash: hashToken(ticket),
      browserHash: hashToken(browserToken),
      method,
      expiresAt: new Date(now.getTime() + TICKET_TTL_MS),
      createdAt: now,
    },
  });
  return ticket;
}

/** Consumes a ticket; the user id and method, or null when unknown, used, expired or from another browser. */
export async function redeemTicket(
  db: Db,
  { ticket, browserToken, now }: { ticket: string; browserToken: string; now: Date },
): Promise<{ userId: string; method: string } | null> {
  const tokenHash = hashToken(ticket);
  const { count } = await db.loginTicket.updateMany({
    where: { tokenHash, browserHash: hashToken(browserToken), usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  return db.loginTicket.findUnique({ where: { tokenHash }, select: { userId: true, method: true } });
}
