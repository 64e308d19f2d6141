import { describe, expect, it } from "vitest";
import { LAST_ADMIN_DELETE, BUSY_ORDER, deleteAccount } from "@/lib/privacy/erase";
import { exportAccountData } from "@/lib/privacy/export";
import { keyedIdentifierHash, wasErased } from "@/lib/privacy/fraud-memory";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { ctx, GOOD_PASSWORD, rejects } from "./auth-helpers";
import { createCustomer, everyText, privacyTestDeps } from "./privacy-helpers";

describe.each(providers())("download my data and delete my account on %s", (provider) => {
  const t = databaseSuite(provider);

  it("exports the customer's own data, with no secret and nothing of another customer", async () => {
    const deps = privacyTestDeps(t.db);
    const alice = await createCustomer(t.db, deps, "alice");
    const bob = await createCustomer(t.db, deps, "bob");
    const { filename, json } = await exportAccountData(deps, ctx(), alice.actor, { password: GOOD_PASSWORD });
    expect(filename).toMatch(/^account-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(json) as {
      profile: { email: string };
      orders: Array<{
        reference: string;
        totalCents: number;
        items: unknown[];
        payment: Record<string, unknown>;
        paymentAttempts: unknown[];
      }>;
      signInEvents: unknown[];
      sessions: unknown[];
      passkeys: Array<Record<string, unknown>>;
    };
    expect(data.profile.email).toBe(alice.personal.email);
    expect(data.orders.map((o) => o.reference)).toEqual([alice.reference]);
    expect(data.orders[0]!.items).toHaveLength(1);
    expect(data.orders[0]!.paymentAttempts).toHaveLength(1);
    expect(Object.keys(data.orders[0]!.payment).sort()).toEqual([
      "amountAuthorized",
      "amountCaptured",
      "amountRefunded",
      "cardBrand",
      "cardCountry",
      "cardExpMonth",
      "cardExpYear",
      "cardLast4",
      "createdAt",
      "status",
    ]);
    expect(data.signInEvents).toHaveLength(1);
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.passkeys[0]!).sort()).toEqual(["createdAt", "lastUsedAt", "name"]);
    expect(json).toContain(alice.personal.line1);

    // No secret: no Argon2 hash, encrypted `v1.` payload, token or recovery-code hash, passkey key, card fingerprint.
    const user = await t.db.user.findUniqueOrThrow({
      where: { id: alice.actor.id },
      include: { recoveryCodes: true, resetTokens: true, passkeys: true },
    });
    expect(json).not.toContain("$argon2");
    expect(json).not.toContain(user.passwordHash);
    expect(json).not.toContain(user.totpSecretEnc!);
    expect(json).not.toMatch(/"v1\./);
    for (const code of user.recoveryCodes) expect(json).not.toContain(code.codeHash);
    for (const token of user.resetTokens) expect(json).not.toContain(token.tokenHash);
    expect(json).not.toContain(user.passkeys[0]!.publicKey);
    expect(json).not.toContain(user.passkeys[0]!.credentialId);
    expect(json).not.toContain(alice.personal.fingerprint);
    // Nothing of Bob's.
    for (const value of Object.values(bob.personal)) expect(json).not.toContain(value);
    expect(json).not.toContain(bob.reference);

    // Audited without the personal data.
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: "privacy.export", target: `user:${alice.actor.id}` },
    });
    expect(entry.actorEmail).toBeNull();
    expect(entry.detail).not.toContain(alice.personal.email);
  });

  it("refuses an export without the right password, and limits exports per account", async () => {
    const deps = privacyTestDeps(t.db);
    const carol = await createCustomer(t.db, deps, "carol");
    await rejects(
      exportAccountData(deps, ctx(), carol.actor, { password: "not my password at all" }),
      "VALIDATION",
      /password is not correct/,
    );
    await rejects(exportAccountData(deps, ctx(), carol.actor, {}), "VALIDATION");
    for (let i = 0; i < 3; i++) await exportAccountData(deps, ctx(), carol.actor, { password: GOOD_PASSWORD });
    // 5 per hour: the wrong password counted, the empty form was refused before reaching the limiter.
    await exportAccountData(deps, ctx(), carol.actor, { password: GOOD_PASSWORD });
    await rejects(exportAccountData(deps, ctx(), carol.actor, { password: GOOD_PASSWORD }), "RATE_LIMITED");
  });

  it("deletes the account: no personal value left in any table, amounts kept, fraud memory keyed", async () => {
    const deps = privacyTestDeps(t.db);
    const dave = await createCustomer(t.db, deps, "dave");
    const erin = await createCustomer(t.db, deps, "erin");
    await rejects(deleteAccount(deps, ctx(), dave.actor, { password: "wrong password, surely" }), "VALIDATION");
    expect(await t.db.user.count({ where: { id: dave.actor.id } })).toBe(1);

    await deleteAccount(deps, ctx(), dave.actor, { password: GOOD_PASSWORD });

    const texts = await everyText(t.db);
    for (const [field, value] of Object.entries(dave.personal)) {
      const hits = texts.filter((x) => x.value.toLowerCase().includes(value.toLowerCase()));
      expect(hits, `${field} ${value}`).toEqual([]);
    }
    // Erin is untouched.
    for (const value of [erin.personal.email, erin.personal.name, erin.personal.line1, erin.personal.ip])
      expect(texts.some((x) => x.value.includes(value))).toBe(true);
    // Accounting: the order, its amounts, reference and lines stay.
    const order = await t.db.order.findUniqueOrThrow({
      where: { id: dave.orderId },
      include: { items: true, payment: true },
    });
    expect(order).toMatchObject({
      reference: dave.reference,
      totalCents: 5_500,
      subtotalCents: 5_000,
      shippingCents: 500,
      userId: null,
    });
    expect(order.items).toEqual([expect.objectContaining({ name: "Teapot", unitPriceCents: 2_500, quantity: 2 })]);
    expect(order.payment).toMatchObject({ amountCaptured: 5_500, cardBrand: "visa", cardLast4: "4242" });
    // Sessions, passkeys, TOTP secret, recovery codes: gone with the account.
    for (const count of [
      t.db.userSession.count({ where: { userId: dave.actor.id } }),
      t.db.passkey.count({ where: { userId: dave.actor.id } }),
      t.db.recoveryCode.count({ where: { userId: dave.actor.id } }),
      t.db.user.count({ where: { id: dave.actor.id } }),
    ])
      expect(await count).toBe(0);
    // The fraud rules can still recognise the email and card, through keyed hashes only.
    expect(await wasErased(t.db, deps.fraudMemoryKey, "EMAIL", dave.personal.email.toUpperCase())).toBe(true);
    expect(await wasErased(t.db, deps.fraudMemoryKey, "CARD_FINGERPRINT", dave.personal.fingerprint)).toBe(true);
    expect(await wasErased(t.db, deps.fraudMemoryKey, "EMAIL", erin.personal.email)).toBe(false);
    expect(
      await t.db.erasedIdentity.count({
        where: { keyedHash: keyedIdentifierHash(deps.fraudMemoryKey, "EMAIL", dave.personal.email)! },
      }),
    ).toBe(1);
    // Audited without the personal data.
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: "privacy.erase", target: `user:${dave.actor.id}` },
    });
    expect(`${entry.detail}${entry.actorEmail ?? ""}${entry.ip ?? ""}`).not.toContain(dave.personal.email);
  });

  it.each(["HELD", "APPROVING", "REJECTING", "AUTHORIZING"])(
    "refuses while an order is %s, changing nothing",
    async (status) => {
      const deps = privacyTestDeps(t.db);
      const held = await createCustomer(t.db, deps, "held", { status });
      await rejects(
        deleteAccount(deps, ctx(), held.actor, { password: GOOD_PASSWORD }),
        "CONFLICT",
        new RegExp(BUSY_ORDER.slice(0, 40)),
      );
      expect(await t.db.user.count({ where: { id: held.actor.id } })).toBe(1);
      expect((await t.db.order.findUniqueOrThrow({ where: { id: held.orderId } })).email).toBe(held.personal.email);
    },
  );

  it("refuses while a payment of theirs is disputed, and allows it once the dispute is closed", async () => {
    const deps = privacyTestDeps(t.db);
    const frank = await createCustomer(t.db, deps, "frank");
    const dispute = await t.db.dispute.create({
      data: {
        id: `dp_${frank.orderId}`,
        orderId: frank.orderId,
        chargeId: "ch_x",
        amountCents: 5_500,
        currency: "usd",
        reason: "fraudulent",
        status: "needs_response",
      },
    });
    await rejects(deleteAccount(deps, ctx(), frank.actor, { password: GOOD_PASSWORD }), "CONFLICT", /disputed/);
    await t.db.dispute.update({ where: { id: dispute.id }, data: { status: "won" } });
    await deleteAccount(deps, ctx(), frank.actor, { password: GOOD_PASSWORD });
    expect(await t.db.user.count({ where: { id: frank.actor.id } })).toBe(0);
  });

  it("the last admin cannot delete themselves; an admin with another admin can", async () => {
    const deps = privacyTestDeps(t.db);
    // Other tests' admins would count: this suite makes none before, and removes them as it goes.
    await t.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "CUSTOMER" } });
    const first = await createCustomer(t.db, deps, "admin1", { role: "ADMIN" });
    await rejects(
      deleteAccount(deps, ctx(), first.actor, { password: GOOD_PASSWORD }),
      "CONFLICT",
      new RegExp(LAST_ADMIN_DELETE.slice(0, 30)),
    );
    expect(await t.db.user.count({ where: { id: first.actor.id } })).toBe(1);
    await createCustomer(t.db, deps, "admin2", { role: "ADMIN" });
    await deleteAccount(deps, ctx(), first.actor, { password: GOOD_PASSWORD });
    expect(await t.db.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});
