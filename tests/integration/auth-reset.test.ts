import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccount } from "@/lib/auth/register";
import { requestPasswordReset, resetPassword, RESET_REQUESTED } from "@/lib/auth/password-reset";
import { activeSession, createSession } from "@/lib/auth/sessions";
import { passwordStep } from "@/lib/auth/sign-in";
import { hashToken } from "@/lib/security/tokens";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { browser, ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail, type TestDeps } from "./auth-helpers";

describe.each(providers())("password reset on %s", (provider) => {
  let t: TestDatabase;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await freshDatabase(provider);
    deps = testDeps(t.db);
  });
  afterAll(() => t.drop());

  async function requestLink() {
    const email = uniqueEmail("reset");
    const { userId } = await registerAccount(deps, ctx(), { name: "Test User", email, password: GOOD_PASSWORD });
    deps.mail.length = 0;
    expect(await requestPasswordReset(deps, ctx(), { email })).toBe(RESET_REQUESTED);
    const url = /https:\/\/shop\.test\/reset-password#token=[A-Za-z0-9_-]{43}/.exec(deps.mail[0]?.text ?? "")?.[0];
    expect(url).toBeDefined();
    return { email, id: userId!, token: new URL(url!).hash.replace("#token=", "") };
  }

  it("says the same for an unknown email and sends nothing", async () => {
    deps.mail.length = 0;
    expect(await requestPasswordReset(deps, ctx(), { email: uniqueEmail("ghost") })).toBe(RESET_REQUESTED);
    expect(deps.mail).toEqual([]);
  });

  it("stores only the token's hash, and the link works once", async () => {
    const { email, id, token } = await requestLink();
    expect(await t.db.passwordResetToken.findFirst({ where: { tokenHash: token } })).toBeNull();
    expect(await t.db.passwordResetToken.findFirst({ where: { tokenHash: hashToken(token), userId: id } })).not.toBeNull();
    await resetPassword(deps, ctx(), { token, password: "my new long passphrase" });
    await rejects(resetPassword(deps, ctx(), { token, password: "another new passphrase" }), "VALIDATION", /invalid, expired or already used/);
    expect((await passwordStep(deps, ctx(), browser(), { email, password: "my new long passphrase" })).step).toBe("ticket");
    await rejects(passwordStep(deps, ctx(), browser(), { email, password: GOOD_PASSWORD }), "UNAUTHENTICATED");
  });

  it("only one of two concurrent uses of a link succeeds", async () => {
    const { token } = await requestLink();
    const results = await Promise.allSettled([resetPassword(deps, ctx(), { token, password: "first new passphrase" }), resetPassword(deps, ctx(), { token, password: "second new passphrase" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("expires after 30 minutes", async () => {
    const { token } = await requestLink();
    const start = deps.clock.now;
    deps.clock.now = new Date(start.getTime() + 30 * 60_000 + 1_000);
    try {
      await rejects(resetPassword(deps, ctx(), { token, password: "my new long passphrase" }), "VALIDATION", /expired/);
    } finally {
      deps.clock.now = start;
    }
  });

  it("a refused password does not use up the link; a reset signs out every session", async () => {
    const { id, token } = await requestLink();
    const session = await createSession(t.db, ctx(), id, deps.now());
    await rejects(resetPassword(deps, ctx(), { token, password: "too short" }), "VALIDATION", /at least 12/);
    await rejects(resetPassword(deps, ctx(), { token: "garbage", password: "my new long passphrase" }), "VALIDATION", /invalid/);
    await resetPassword(deps, ctx(), { token, password: "my new long passphrase" });
    expect(await activeSession(t.db, session.id, deps.now())).toBeNull();
    expect(await t.db.authEvent.count({ where: { userId: id, type: "PASSWORD_RESET" } })).toBe(1);
  });

  it("limits reset emails per account without changing the answer", async () => {
    const { email } = await requestLink();
    for (let i = 0; i < 5; i++) expect(await requestPasswordReset(deps, ctx(), { email })).toBe(RESET_REQUESTED);
    // 3 per hour per account: the first request above plus two more were sent.
    expect(deps.mail).toHaveLength(3);
  });
});
