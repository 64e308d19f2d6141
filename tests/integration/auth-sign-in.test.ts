import { describe, expect, it } from "vitest";
import { registerAccount } from "@/lib/auth/register";
import { resetPassword, requestPasswordReset } from "@/lib/auth/password-reset";
import { checkSecondFactor } from "@/lib/auth/second-factor";
import { BAD_CREDENTIALS, completeSignIn, passwordStep, secondFactorStep } from "@/lib/auth/sign-in";
import { generateTotp, totpStep } from "@/lib/auth/totp";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { browser, ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail } from "./auth-helpers";
import { enableTwoFactor } from "./auth-two-factor-setup";

describe.each(providers())("sign-in on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  async function account(tag: string) {
    const email = uniqueEmail(tag);
    const { userId } = await registerAccount(t.deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
    return { email, id: userId! };
  }

  it("gives the same answer for an unknown email and a wrong password, and records both", async () => {
    const { email, id } = await account("enum");
    const unknown = await rejects(
      passwordStep(t.deps, ctx(), browser(), { email: uniqueEmail("nobody"), password: GOOD_PASSWORD }),
      "UNAUTHENTICATED",
    );
    const wrong = await rejects(
      passwordStep(t.deps, ctx(), browser(), { email, password: "wrong password here" }),
      "UNAUTHENTICATED",
    );
    expect(unknown.message).toBe(BAD_CREDENTIALS);
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.fields).toEqual(unknown.fields);
    const events = await t.db.authEvent.findMany({ where: { type: "SIGN_IN_FAILURE" } });
    expect(events.map((e) => e.detail).sort()).toEqual(["password", "unknown-email"]);
    expect(events.find((e) => e.detail === "password")?.userId).toBe(id);
    // Nothing secret is ever written to the event log.
    expect(JSON.stringify(events)).not.toContain("wrong password here");
  });

  it("without 2FA the password step yields a ticket that only the same browser can redeem, once", async () => {
    const { email, id } = await account("ticket");
    const b = browser();
    const result = await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    if (result.step !== "ticket") throw new Error("expected a ticket");
    expect(await t.db.userSession.count({ where: { userId: id } })).toBe(0);
    expect(
      await completeSignIn(t.deps, ctx(), { ticket: result.ticket, browserToken: browser(), deviceToken: undefined }),
    ).toBeNull();
    const signedIn = await completeSignIn(t.deps, ctx(), {
      ticket: result.ticket,
      browserToken: b,
      deviceToken: undefined,
    });
    expect(signedIn?.userId).toBe(id);
    expect(await t.db.userSession.count({ where: { userId: id } })).toBe(1);
    expect(
      await completeSignIn(t.deps, ctx(), { ticket: result.ticket, browserToken: b, deviceToken: undefined }),
    ).toBeNull();
  });

  it("a ticket expires after 60 seconds", async () => {
    const { email } = await account("expiry");
    const b = browser();
    const result = await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    if (result.step !== "ticket") throw new Error("expected a ticket");
    const start = t.deps.clock.now;
    t.deps.clock.now = new Date(start.getTime() + 61_000);
    try {
      expect(
        await completeSignIn(t.deps, ctx(), { ticket: result.ticket, browserToken: b, deviceToken: undefined }),
      ).toBeNull();
    } finally {
      t.deps.clock.now = start;
    }
  });

  it("with 2FA the password alone never yields a ticket or a session; the code step does, bound to the browser", async () => {
    const { email, id } = await account("2fa");
    const { secret } = await enableTwoFactor(t.deps, id, email);
    const b = browser();
    expect(await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD })).toEqual({ step: "second-factor" });
    expect(await t.db.loginTicket.count({ where: { userId: id } })).toBe(0);
    expect(await t.db.userSession.count({ where: { userId: id } })).toBe(0);

    t.deps.clock.now = new Date(t.deps.clock.now.getTime() + 90_000);
    const code = generateTotp(secret, t.deps.clock.now);
    await rejects(secondFactorStep(t.deps, ctx(), browser(), { code }), "UNAUTHENTICATED", /expired/);
    const { ticket } = await secondFactorStep(t.deps, ctx(), b, { code });
    const session = await completeSignIn(t.deps, ctx(), { ticket, browserToken: b, deviceToken: undefined });
    expect(session?.userId).toBe(id);
    // The same code again (a replay) is refused, on a fresh pending sign-in.
    await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    await rejects(secondFactorStep(t.deps, ctx(), b, { code }), "UNAUTHENTICATED", /not valid/);
  });

  it("the pending second step expires after 5 minutes", async () => {
    const { email, id } = await account("pending");
    const { secret } = await enableTwoFactor(t.deps, id, email);
    const b = browser();
    await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    t.deps.clock.now = new Date(t.deps.clock.now.getTime() + 5 * 60_000 + 1_000);
    await rejects(
      secondFactorStep(t.deps, ctx(), b, { code: generateTotp(secret, t.deps.clock.now) }),
      "UNAUTHENTICATED",
      /expired/,
    );
  });

  it("accepts one of two concurrent verifications of the same TOTP code, never both", async () => {
    const { email, id } = await account("race");
    const { secret } = await enableTwoFactor(t.deps, id, email);
    t.deps.clock.now = new Date(t.deps.clock.now.getTime() + 120_000);
    const code = generateTotp(secret, t.deps.clock.now);
    for (let round = 0; round < 3; round++) {
      const user = await t.db.user.findUniqueOrThrow({
        where: { id },
        select: { id: true, totpSecretEnc: true, totpLastStep: true },
      });
      // Both read the same totpLastStep before either writes: only the conditional update decides.
      const results = await Promise.all(
        [0, 1, 2, 3].map(() => checkSecondFactor(t.db, { keyring: t.deps.keyring, user, code, now: t.deps.clock.now })),
      );
      expect(results.filter((r) => r === "TOTP")).toHaveLength(round === 0 ? 1 : 0);
    }
    expect((await t.db.user.findUniqueOrThrow({ where: { id } })).totpLastStep).toBe(totpStep(t.deps.clock.now));
  });

  it("a recovery code works once", async () => {
    const { email, id } = await account("recovery");
    const { recoveryCodes } = await enableTwoFactor(t.deps, id, email);
    const code = recoveryCodes[3]!;
    const b = browser();
    await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    const { ticket } = await secondFactorStep(t.deps, ctx(), b, { code: code.toUpperCase() });
    expect(await t.db.loginTicket.findFirst({ where: { userId: id, usedAt: null }, select: { method: true } })).toEqual(
      { method: "RECOVERY_CODE" },
    );
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await passwordStep(t.deps, ctx(), b, { email, password: GOOD_PASSWORD });
    await rejects(secondFactorStep(t.deps, ctx(), b, { code }), "UNAUTHENTICATED", /not valid/);
    const user = await t.db.user.findUniqueOrThrow({ where: { id } });
    const twice = await Promise.all(
      [1, 2].map(() =>
        checkSecondFactor(t.db, { keyring: t.deps.keyring, user, code: recoveryCodes[4]!, now: t.deps.clock.now }),
      ),
    );
    expect(twice.filter((r) => r === "RECOVERY_CODE")).toHaveLength(1);
    expect(await t.db.recoveryCode.count({ where: { userId: id, usedAt: null } })).toBe(8);
  });

  it("locks an account after 5 failures, even for the right password, and a password reset unlocks it", async () => {
    const { email, id } = await account("lockout");
    for (let i = 0; i < 5; i++)
      await rejects(
        passwordStep(t.deps, ctx(), browser(), { email, password: `wrong password ${i}` }),
        "UNAUTHENTICATED",
      );
    // From a different IP, with the right password: still locked (the lock is on the account).
    await rejects(
      passwordStep(t.deps, ctx(), browser(), { email, password: GOOD_PASSWORD }),
      "RATE_LIMITED",
      /reset your password/,
    );
    expect(await t.db.authEvent.count({ where: { userId: id, type: "LOCKOUT" } })).toBe(1);

    t.deps.mail.length = 0;
    await requestPasswordReset(t.deps, ctx(), { email });
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(t.deps.mail[0]?.text ?? "")?.[1];
    expect(token).toBeDefined();
    await resetPassword(t.deps, ctx(), { token, password: "a brand new passphrase" });
    expect((await passwordStep(t.deps, ctx(), browser(), { email, password: "a brand new passphrase" })).step).toBe(
      "ticket",
    );
  });
});
