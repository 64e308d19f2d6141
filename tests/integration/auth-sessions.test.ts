import { describe, expect, it } from "vitest";
import { changePassword } from "@/lib/auth/account";
import { registerAccount } from "@/lib/auth/register";
import { activeSession, createSession, listSessions, revokeOtherSessions, revokeSession } from "@/lib/auth/sessions";
import { disableTwoFactor } from "@/lib/auth/two-factor";
import { generateTotp } from "@/lib/auth/totp";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail } from "./auth-helpers";
import { actorFor, enableTwoFactor } from "./auth-two-factor-setup";

describe.each(providers())("sessions on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  async function userWithSessions(count: number) {
    const email = uniqueEmail("sess");
    const { userId } = await registerAccount(t.deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
    const sessions = [];
    for (let i = 0; i < count; i++)
      sessions.push((await createSession(t.db, ctx(), { userId: userId!, now: t.deps.now() })).id);
    return { email, id: userId!, sessions };
  }

  const live = async (id: string) => (await activeSession(t.db, id, t.deps.now())) !== null;

  it("a revoked session is over, and so is an expired one", async () => {
    const { id, email, sessions } = await userWithSessions(2);
    const [mine, other] = sessions as [string, string];
    expect(await live(other)).toBe(true);
    await revokeSession(t.db, ctx(), actorFor(id, email, mine), { sessionId: other }, { now: t.deps.now() });
    expect(await live(other)).toBe(false);
    expect(await live(mine)).toBe(true);
    expect(await activeSession(t.db, mine, new Date(t.deps.now().getTime() + 8 * 24 * 3600_000))).toBeNull();
    expect((await listSessions(t.db, actorFor(id, email, mine), t.deps.now())).map((s) => [s.id, s.current])).toEqual([
      [mine, true],
    ]);
    expect(await t.db.authEvent.count({ where: { userId: id, type: "SESSION_REVOKED" } })).toBe(1);
  });

  it("nobody can revoke (or learn about) another user's session", async () => {
    const alice = await userWithSessions(1);
    const bob = await userWithSessions(1);
    await rejects(
      revokeSession(
        t.db,
        ctx(),
        actorFor(bob.id, bob.email, bob.sessions[0]),
        { sessionId: alice.sessions[0] },
        { now: t.deps.now() },
      ),
      "NOT_FOUND",
    );
    await rejects(
      revokeSession(
        t.db,
        ctx(),
        actorFor(bob.id, bob.email, bob.sessions[0]),
        { sessionId: "' OR 1=1 --" },
        { now: t.deps.now() },
      ),
      "VALIDATION",
    );
    expect(await live(alice.sessions[0]!)).toBe(true);
  });

  it("'sign out everywhere else' keeps only the current session", async () => {
    const { id, sessions } = await userWithSessions(3);
    expect(
      await revokeOtherSessions(t.db, ctx(), { userId: id, keep: sessions[1]!, now: t.deps.now(), reason: "test" }),
    ).toBe(2);
    expect(await Promise.all(sessions.map(live))).toEqual([false, true, false]);
  });

  it("changing the password needs the current one and signs out every other session", async () => {
    const { id, email, sessions } = await userWithSessions(2);
    const actor = actorFor(id, email, sessions[0]);
    await rejects(
      changePassword(t.deps, ctx(), actor, {
        currentPassword: "not my password",
        newPassword: "fresh long passphrase",
      }),
      "VALIDATION",
      /current password/,
    );
    await rejects(
      changePassword(t.deps, ctx(), actor, { currentPassword: GOOD_PASSWORD, newPassword: "password1234" }),
      "VALIDATION",
      /commonly used/,
    );
    expect(await Promise.all(sessions.map(live))).toEqual([true, true]);
    await changePassword(t.deps, ctx(), actor, {
      currentPassword: GOOD_PASSWORD,
      newPassword: "fresh long passphrase",
    });
    expect(await Promise.all(sessions.map(live))).toEqual([true, false]);
    expect(await t.db.authEvent.count({ where: { userId: id, type: "PASSWORD_CHANGED" } })).toBe(1);
  });

  it("turning 2FA on or off signs out every other session; off needs the password and a current code", async () => {
    const { id, email, sessions } = await userWithSessions(3);
    const { secret, actor } = await enableTwoFactor(t.deps, id, email, sessions[0]);
    expect(await Promise.all(sessions.map(live))).toEqual([true, false, false]);
    const later = await createSession(t.db, ctx(), { userId: id, now: t.deps.now() });
    t.deps.clock.now = new Date(t.deps.clock.now.getTime() + 60_000);
    const code = generateTotp(secret, t.deps.now());
    await rejects(
      disableTwoFactor(t.deps, ctx(), actor, { password: "not my password", code }),
      "VALIDATION",
      /password/,
    );
    await rejects(
      disableTwoFactor(t.deps, ctx(), actor, { password: GOOD_PASSWORD, code: "000000" }),
      "VALIDATION",
      /code/,
    );
    await disableTwoFactor(t.deps, ctx(), actor, { password: GOOD_PASSWORD, code });
    expect(await live(later.id)).toBe(false);
    expect(await t.db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      totpEnabledAt: null,
      totpSecretEnc: null,
    });
    expect(await t.db.recoveryCode.count({ where: { userId: id } })).toBe(0);
  });

  it("TOTP secrets are stored encrypted, bound to their user", async () => {
    const { id, email } = await userWithSessions(0);
    const { secret } = await enableTwoFactor(t.deps, id, email);
    const row = await t.db.user.findUniqueOrThrow({ where: { id } });
    expect(row.totpSecretEnc).toMatch(/^v1\./);
    expect(row.totpSecretEnc).not.toContain(secret);
    const other = await userWithSessions(0);
    // A ciphertext copied into another user's row does not decrypt there.
    await t.db.user.update({
      where: { id: other.id },
      data: { totpSecretEnc: row.totpSecretEnc, totpEnabledAt: new Date() },
    });
    const { checkSecondFactor } = await import("@/lib/auth/second-factor");
    const victim = await t.db.user.findUniqueOrThrow({ where: { id: other.id } });
    await expect(
      checkSecondFactor(t.db, {
        keyring: t.deps.keyring,
        user: victim,
        code: generateTotp(secret, t.deps.now()),
        now: t.deps.now(),
      }),
    ).rejects.toThrow(/authentication/);
  });
});
