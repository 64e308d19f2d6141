import { describe, expect, it } from "vitest";
import { registerAccount } from "@/lib/auth/register";
import { requestPasswordReset, resetPassword, RESET_REQUESTED } from "@/lib/auth/password-reset";
import { activeSession, createSession } from "@/lib/auth/sessions";
import { passwordStep } from "@/lib/auth/sign-in";
import { hashToken } from "@/lib/security/tokens";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { browser, ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail } from "./auth-helpers";

describe.each(providers())("password reset on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  async function requestLink() {
    const email = uniqueEmail("reset");
    const { userId } = await registerAccount(t.deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
    t.deps.mail.length = 0;
    expect(await requestPasswordReset(t.deps, ctx(), { email })).toBe(RESET_REQUESTED);
    const url = /https:\/\/shop\.test\/reset-password#token=[A-Za-z0-9_-]{43}/.exec(t.deps.mail[0]?.text ?? "")?.[0];
    expect(url).toBeDefined();
    return { email, id: userId!, token: new URL(url!).hash.replace("#token=", "") };
  }

  it("says the same for an unknown email and sends nothing", async () => {
    t.deps.mail.length = 0;
    expect(await requestPasswordReset(t.deps, ctx(), { email: uniqueEmail("ghost") })).toBe(RESET_REQUESTED);
    expect(t.deps.mail).toEqual([]);
  });

  it("stores only the token's hash, and the link works once", async () => {
    const { email, id, token } = await requestLink();
    expect(await t.db.passwordResetToken.findFirst({ where: { tokenHash: token } })).toBeNull();
    expect(
      await t.db.passwordResetToken.findFirst({ where: { tokenHash: hashToken(token), userId: id } }),
    ).not.toBeNull();
    await resetPassword(t.deps, ctx(), { token, password: "my new long passphrase" });
    await rejects(
      resetPassword(t.deps, ctx(), { token, password: "another new passphrase" }),
      "VALIDATION",
      /invalid, expired or already used/,
    );
    expect((await passwordStep(t.deps, ctx(), browser(), { email, password: "my new long passphrase" })).step).toBe(
      "ticket",
    );
    await rejects(passwordStep(t.deps, ctx(), browser(), { email, password: GOOD_PASSWORD }), "UNAUTHENTICATED");
  });

  it("only one of two concurrent uses of a link succeeds", async () => {
    const { token } = await requestLink();
    const results = await Promise.allSettled([
      resetPassword(t.deps, ctx(), { token, password: "first new passphrase" }),
      resetPassword(t.deps, ctx(), { token, password: "second new passphrase" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("expires after 30 minutes", async () => {
    const { token } = await requestLink();
    const start = t.deps.clock.now;
    t.deps.clock.now = new Date(start.getTime() + 30 * 60_000 + 1_000);
    try {
      await rejects(
        resetPassword(t.deps, ctx(), { token, password: "my new long passphrase" }),
        "VALIDATION",
        /expired/,
      );
    } finally {
      t.deps.clock.now = start;
    }
  });

  it("a refused password does not use up the link; a reset signs out every session", async () => {
    const { id, token } = await requestLink();
    const session = await createSession(t.db, ctx(), { userId: id, now: t.deps.now() });
    await rejects(resetPassword(t.deps, ctx(), { token, password: "too short" }), "VALIDATION", /at least 12/);
    await rejects(
      resetPassword(t.deps, ctx(), { token: "garbage", password: "my new long passphrase" }),
      "VALIDATION",
      /invalid/,
    );
    await resetPassword(t.deps, ctx(), { token, password: "my new long passphrase" });
    expect(await activeSession(t.db, session.id, t.deps.now())).toBeNull();
    expect(await t.db.authEvent.count({ where: { userId: id, type: "PASSWORD_RESET" } })).toBe(1);
  });

  it("limits reset emails per account without changing the answer", async () => {
    const { email } = await requestLink();
    for (let i = 0; i < 5; i++) expect(await requestPasswordReset(t.deps, ctx(), { email })).toBe(RESET_REQUESTED);
    // 3 per hour per account: the first request above plus two more were sent.
    expect(t.deps.mail).toHaveLength(3);
  });
});
