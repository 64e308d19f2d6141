import { describe, expect, it } from "vitest";
import { registerAccount, REGISTER_OUTCOME } from "@/lib/auth/register";
import { passwordStep, BAD_CREDENTIALS } from "@/lib/auth/sign-in";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { browser, ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail } from "./auth-helpers";

describe.each(providers())("registration on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  it("creates a CUSTOMER with an Argon2id hash and records the signup IP and its country", async () => {
    const email = uniqueEmail("new");
    const { message } = await registerAccount(
      t.deps,
      { ip: "8.8.8.8", country: "US", userAgent: "test" },
      { name: " Jane Doe ", email: email.toUpperCase(), password: GOOD_PASSWORD },
    );
    expect(message).toBe(REGISTER_OUTCOME);
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({
      name: "Jane Doe",
      role: "CUSTOMER",
      signupIp: "8.8.8.8",
      signupCountry: "US",
      totpEnabledAt: null,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain(GOOD_PASSWORD);
    expect(t.deps.mail.at(-1)).toMatchObject({ to: email, subject: "Welcome to Secure Store" });
    expect(await t.db.authEvent.count({ where: { userId: user.id, type: "REGISTERED" } })).toBe(1);
  });

  it("ignores role, 2FA and other fields smuggled into the form (mass assignment)", async () => {
    const email = uniqueEmail("mass");
    await registerAccount(t.deps, ctx(), {
      name: "Mallory",
      email,
      password: GOOD_PASSWORD,
      role: "ADMIN",
      totpEnabledAt: new Date().toISOString(),
      totpSecretEnc: "x",
      id: "ckadminadminadminadmin0001",
      signupCountry: "ZZ",
    });
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("CUSTOMER");
    expect(user.totpEnabledAt).toBeNull();
    expect(user.totpSecretEnc).toBeNull();
    expect(user.id).not.toBe("ckadminadminadminadmin0001");
    expect(user.signupCountry).toBeNull();
  });

  it.each([
    [{ name: "A", email: "not-an-email", password: GOOD_PASSWORD }, "email", /valid email/],
    [{ name: "", email: "a@example.org", password: GOOD_PASSWORD }, "name", /Enter your name/],
    [{ name: "x".repeat(101), email: "a@example.org", password: GOOD_PASSWORD }, "name", /at most 100/],
    [{ name: "A", email: "a@example.org", password: "short pass" }, "password", /at least 12/],
    [{ name: "A", email: "a@example.org", password: "x".repeat(129) }, "password", /at most 128/],
    [{ name: "A", email: "a@example.org", password: "password1234" }, "password", /commonly used/],
    [
      { name: "Jonathan Smithers", email: "a@example.org", password: "smithers-is-my-name" },
      "password",
      /name or email/,
    ],
  ])("refuses %j with a message for %s and creates nothing", async (input, field, message) => {
    const before = await t.db.user.count();
    const error = await rejects(registerAccount(t.deps, ctx(), input), "VALIDATION", message);
    expect(Object.keys(error.fields)).toContain(field);
    expect(await t.db.user.count()).toBe(before);
  });

  it("answers an existing email exactly like a new one, emails the owner and changes nothing", async () => {
    const email = uniqueEmail("taken");
    await registerAccount(t.deps, ctx(), { name: "Owner", email, password: GOOD_PASSWORD });
    const owner = await t.db.user.findUniqueOrThrow({ where: { email } });
    t.deps.mail.length = 0;
    const again = await registerAccount(t.deps, ctx(), {
      name: "Attacker",
      email,
      password: "another long passphrase",
    });
    expect(again.message).toBe(REGISTER_OUTCOME);
    expect(again.userId).toBeNull();
    expect(await t.db.user.findUniqueOrThrow({ where: { email } })).toEqual(owner);
    expect(t.deps.mail).toHaveLength(1);
    expect(t.deps.mail[0]).toMatchObject({ to: email, subject: "Someone tried to create an account with your email" });
    // The owner's password still works, the attacker's does not.
    await rejects(
      passwordStep(t.deps, ctx(), browser(), { email, password: "another long passphrase" }),
      "UNAUTHENTICATED",
      new RegExp(BAD_CREDENTIALS),
    );
    expect((await passwordStep(t.deps, ctx(), browser(), { email, password: GOOD_PASSWORD })).step).toBe("ticket");
  });

  it("limits registrations per IP", async () => {
    const ip = ctx("203.0.113.77");
    for (let i = 0; i < 5; i++)
      await registerAccount(t.deps, ip, { name: "Bot", email: uniqueEmail("bot"), password: GOOD_PASSWORD });
    await rejects(
      registerAccount(t.deps, ip, { name: "Bot", email: uniqueEmail("bot"), password: GOOD_PASSWORD }),
      "RATE_LIMITED",
      /Too many attempts/,
    );
  });
});
