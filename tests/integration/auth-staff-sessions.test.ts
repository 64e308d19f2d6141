import { describe, expect, it } from "vitest";
import { endStaffSessions } from "@/lib/admin/staff";
import { activeSession, createSession, DEFAULT_STAFF_SESSION_POLICY } from "@/lib/auth/sessions";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { createStaff, testKeyring } from "./admin-helpers";
import { ctx, rejects } from "./auth-helpers";

// Staff sessions are short (idle 15 minutes, 12 hours at most by default), on an injected clock;
// shoppers keep their 7 days. An admin can end another staff member's sessions.

const MINUTE = 60_000;
const T0 = new Date("2026-03-01T08:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe.each(providers())("staff sessions on %s", (provider) => {
  const t = databaseSuite(provider, () => ({ keyring: testKeyring() }));
  const live = async (id: string, now: Date, policy = DEFAULT_STAFF_SESSION_POLICY) =>
    (await activeSession(t.db, id, now, policy)) !== null;

  it("a staff session ends after 15 idle minutes, and stays alive while it is used", async () => {
    const { actor } = await createStaff(t.db, t.keyring, "REVIEWER");
    const busy = (await createSession(t.db, ctx(), { userId: actor.id, now: T0, authMethod: "PASSKEY" })).id;
    const idle = (await createSession(t.db, ctx(), { userId: actor.id, now: T0, authMethod: "PASSKEY" })).id;
    // Used every 10 minutes for an hour: last-seen moves on, the session lives.
    for (let m = 10; m <= 60; m += 10) expect(await live(busy, at(m * MINUTE))).toBe(true);
    expect(await live(idle, at(16 * MINUTE))).toBe(false);
    // Ended for good: a later request (or a longer policy) does not bring it back.
    expect(
      await live(idle, at(17 * MINUTE), {
        idleMs: 60 * MINUTE,
        maxAgeMs: DEFAULT_STAFF_SESSION_POLICY.maxAgeMs,
      }),
    ).toBe(false);
    expect((await t.db.userSession.findUniqueOrThrow({ where: { id: idle } })).revokedAt).not.toBeNull();
  });

  it("a staff session ends 12 hours after sign-in however busy; the limits come from the policy", async () => {
    const { actor } = await createStaff(t.db, t.keyring, "ADMIN");
    const id = (await createSession(t.db, ctx(), { userId: actor.id, now: T0, authMethod: "TOTP" })).id;
    for (let m = 10; m <= 12 * 60; m += 10) expect(await live(id, at(m * MINUTE))).toBe(true);
    expect(await live(id, at(12 * 60 * MINUTE + 10 * MINUTE))).toBe(false);

    const short = (await createSession(t.db, ctx(), { userId: actor.id, now: T0, authMethod: "TOTP" })).id;
    expect(
      await live(short, at(6 * MINUTE), {
        idleMs: 5 * MINUTE,
        maxAgeMs: 60 * MINUTE,
      }),
    ).toBe(false);
  });

  it("shoppers' sessions are not affected by the staff limits", async () => {
    const customer = await t.db.user.create({
      data: {
        email: `c-${Date.now()}@example.org`,
        name: "C",
        passwordHash: "x",
      },
    });
    const id = (await createSession(t.db, ctx(), { userId: customer.id, now: T0, authMethod: "PASSWORD" })).id;
    expect(await live(id, at(13 * 60 * MINUTE))).toBe(true);
  });

  it("an admin ends another staff member's sessions: audited, recorded, authorized in the domain function", async () => {
    const admin = await createStaff(t.db, t.keyring, "ADMIN");
    const reviewer = await createStaff(t.db, t.keyring, "REVIEWER");
    const sessions = [
      (await createSession(t.db, ctx(), { userId: reviewer.actor.id, now: T0 })).id,
      (await createSession(t.db, ctx(), { userId: reviewer.actor.id, now: T0 })).id,
    ];
    const adminSession = (await createSession(t.db, ctx(), { userId: admin.actor.id, now: T0 })).id;

    await rejects(endStaffSessions(t.db, reviewer.actor, { userId: admin.actor.id }, { now: T0 }), "FORBIDDEN");
    await rejects(endStaffSessions(t.db, null, { userId: reviewer.actor.id }, { now: T0 }), "UNAUTHENTICATED");
    await rejects(
      endStaffSessions(t.db, { ...admin.actor, twoFactorEnabled: false }, { userId: reviewer.actor.id }, { now: T0 }),
      "FORBIDDEN",
      /two-factor/,
    );
    await rejects(
      endStaffSessions(
        t.db,
        { ...admin.actor, passkeyRequired: true, authMethod: "TOTP" },
        { userId: reviewer.actor.id },
        { now: T0 },
      ),
      "FORBIDDEN",
      /passkey/,
    );
    expect(await live(adminSession, T0)).toBe(true);

    const customer = await t.db.user.create({
      data: {
        email: `cust-${Date.now()}@example.org`,
        name: "C",
        passwordHash: "x",
      },
    });
    await rejects(endStaffSessions(t.db, admin.actor, { userId: customer.id }, { now: T0 }), "NOT_FOUND");
    await rejects(endStaffSessions(t.db, admin.actor, { userId: admin.actor.id }, { now: T0 }), "CONFLICT");
    await rejects(endStaffSessions(t.db, admin.actor, { userId: "" }, { now: T0 }), "VALIDATION");
    expect(await Promise.all(sessions.map((id) => live(id, T0)))).toEqual([true, true]);

    expect(
      await endStaffSessions(t.db, admin.actor, { userId: reviewer.actor.id }, { now: T0, ip: "203.0.113.9" }),
    ).toEqual({ email: reviewer.actor.email, ended: 2 });
    expect(await Promise.all(sessions.map((id) => live(id, T0)))).toEqual([false, false]);
    expect(await live(adminSession, T0)).toBe(true);
    const audit = await t.db.auditLog.findFirstOrThrow({
      where: {
        action: "staff.sessions.end",
        target: `user:${reviewer.actor.id}`,
      },
    });
    expect(audit.actorId).toBe(admin.actor.id);
    expect(
      await t.db.authEvent.count({
        where: { userId: reviewer.actor.id, type: "SESSION_REVOKED" },
      }),
    ).toBe(1);
  });
});
