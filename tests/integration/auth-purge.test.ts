import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EXPIRED_AUTH_RECORD_GRACE_MS, purgeExpiredAuthRecords } from "@/lib/auth/purge";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

const HOUR = 3_600_000;
const hash = () => randomBytes(32).toString("hex");

describe.each(providers())("expired sign-in records are purged on %s", (provider) => {
  const t = databaseSuite(provider);

  it("deletes pending sign-ins, login tickets and reset tokens that expired more than a day ago, and nothing else", async () => {
    const now = new Date("2026-11-24T12:00:00Z");
    const user = await t.db.user.create({
      data: { email: `purge-${hash().slice(0, 8)}@example.org`, name: "Purge Test", passwordHash: "not-a-real-hash" },
    });
    const other = await t.db.user.create({
      data: { email: `purge-${hash().slice(0, 8)}@example.org`, name: "Other", passwordHash: "not-a-real-hash" },
    });
    // Expired beyond the grace period (used or not), expired within it, and still valid.
    const old = new Date(now.getTime() - EXPIRED_AUTH_RECORD_GRACE_MS - 1);
    const recent = new Date(now.getTime() - HOUR);
    const live = new Date(now.getTime() + 5 * 60_000);
    const ages = [
      [old, null],
      [old, recent],
      [recent, null],
      [live, null],
    ] as const;
    for (const [expiresAt, usedAt] of ages) {
      for (const userId of [user.id, other.id]) {
        await t.db.pendingLogin.create({ data: { userId, browserHash: hash(), expiresAt, usedAt } });
        await t.db.loginTicket.create({
          data: { userId, tokenHash: hash(), browserHash: hash(), method: "PASSWORD", expiresAt, usedAt },
        });
        await t.db.passwordResetToken.create({ data: { userId, tokenHash: hash(), expiresAt, usedAt } });
      }
    }

    expect(await purgeExpiredAuthRecords(t.db, now)).toEqual({
      pendingLogins: 4,
      loginTickets: 4,
      resetTokens: 4,
      webAuthnChallenges: 0,
    });
    for (const table of [t.db.pendingLogin, t.db.loginTicket, t.db.passwordResetToken] as const) {
      const left = await (table as typeof t.db.pendingLogin).findMany({ select: { expiresAt: true } });
      expect(left).toHaveLength(4);
      for (const row of left) expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(recent.getTime());
    }
    // Users and everything else are untouched; a second pass finds nothing.
    expect(await t.db.user.count({ where: { id: { in: [user.id, other.id] } } })).toBe(2);
    expect(await purgeExpiredAuthRecords(t.db, now)).toEqual({
      pendingLogins: 0,
      loginTickets: 0,
      resetTokens: 0,
      webAuthnChallenges: 0,
    });
  });
});
