import "server-only";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { STAFF_ROLES, type Role } from "./authorize";
import type { RequestContext } from "./deps";
import { recordEvent } from "./events";
import { sessionIdSchema } from "./schemas";

// One UserSession row per signed-in browser. The session JWT carries only the row's id; every
// request checks the row (not revoked, not expired), so signing out or revoking a session ends
// it for real and a copied cookie stops working.

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
// lastSeenAt is refreshed at most this often, so reading a page is not a write every time; it
// is also the precision of the staff idle timeout.
const LAST_SEEN_RESOLUTION_MS = 60 * 1000;

// Staff sessions can capture and refund money, so they are short: they end after `idleMs`
// without a request and `maxAgeMs` after sign-in (STAFF_SESSION_IDLE_MINUTES / _MAX_HOURS).
export type StaffSessionPolicy = { idleMs: number; maxAgeMs: number };
export const DEFAULT_STAFF_SESSION_POLICY: StaffSessionPolicy = {
  idleMs: 15 * 60 * 1000,
  maxAgeMs: 12 * 60 * 60 * 1000,
};

export type SessionActor = { id: string; sessionId: string };

/** `authMethod`: how the browser passed the last sign-in step (lib/auth/tickets.ts TicketMethod). */
export async function createSession(
  db: Db,
  ctx: RequestContext,
  { userId, now, authMethod = null }: { userId: string; now: Date; authMethod?: string | null },
) {
  return db.userSession.create({
    data: {
      userId,
      ip: ctx.ip,
      country: ctx.country,
      userAgent: ctx.userAgent?.slice(0, 512) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000),
      authMethod,
    },
    select: { id: true },
  });
}

/**
 * The signed-in user behind a session id, or null when the session is revoked, expired or
 * unknown, or is a staff session past its idle or absolute limit (which ends it for good).
 */
export async function activeSession(
  db: Db,
  sessionId: string,
  now: Date,
  staffPolicy: StaffSessionPolicy = DEFAULT_STAFF_SESSION_POLICY,
) {
  const session = await db.userSession.findFirst({
    where: { id: sessionId, revokedAt: null, expiresAt: { gt: now } },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      authMethod: true,
      user: { select: { id: true, email: true, name: true, role: true, totpEnabledAt: true } },
    },
  });
  if (!session) return null;
  if (STAFF_ROLES.includes(session.user.role as Role)) {
    const idle = now.getTime() - session.lastSeenAt.getTime() > staffPolicy.idleMs;
    const tooOld = now.getTime() - session.createdAt.getTime() > staffPolicy.maxAgeMs;
    if (idle || tooOld) {
      await db.userSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now } });
      return null;
    }
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.userSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }
  return session;
}

export async function listSessions(db: Db, actor: SessionActor, now: Date) {
  const rows = await db.userSession.findMany({
    where: { userId: actor.id, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, country: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((row) => ({ ...row, current: row.id === actor.sessionId }));
}

/** Ends one of the actor's own sessions (scoped by userId: another user's id is "not found"). */
export async function revokeSession(
  db: Db,
  ctx: RequestContext,
  actor: SessionActor,
  input: unknown,
  { now }: { now: Date },
): Promise<void> {
  const { sessionId } = parseInput(sessionIdSchema, input);
  await inTransaction(db, async (tx) => {
    const { count } = await tx.userSession.updateMany({
      where: { id: sessionId, userId: actor.id, revokedAt: null },
      data: { revokedAt: now },
    });
    if (count === 0) throw new AppError("NOT_FOUND", "That session has already ended.");
    await recordEvent(tx, ctx, {
      type: sessionId === actor.sessionId ? "SIGN_OUT" : "SESSION_REVOKED",
      userId: actor.id,
      detail: sessionId === actor.sessionId ? undefined : "one",
    });
  });
}

export type RevokeOthers = {
  userId: string;
  /** The session to keep (the one making the change); null ends them all. */
  keep: string | null;
  now: Date;
  /** Why, for the SESSION_REVOKED event ("password-changed", "totp-enabled", …). */
  reason: string;
};

/** Ends every session of the user except `keep`, with its event, in one transaction. Returns how many. */
export async function revokeOtherSessions(
  db: Db,
  ctx: RequestContext,
  { userId, keep, now, reason }: RevokeOthers,
): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { count } = await tx.userSession.updateMany({
      where: { userId, revokedAt: null, ...(keep ? { id: { not: keep } } : {}) },
      data: { revokedAt: now },
    });
    if (count > 0) await recordEvent(tx, ctx, { type: "SESSION_REVOKED", userId, detail: `${reason}:${count}` });
    return count;
  });
}
