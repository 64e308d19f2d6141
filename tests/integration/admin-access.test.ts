import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAdminAccess } from "@/lib/admin/access-gate";
import { orderForReview } from "@/lib/admin/order-detail";
import { searchOrders } from "@/lib/admin/orders";
import { acknowledgePolicy, needsPolicyAck, POLICY_VERSION } from "@/lib/admin/policy";
import { listQueue } from "@/lib/admin/queue";
import { dailyActivity } from "@/lib/admin/stats";
import { listStaff, setRole } from "@/lib/admin/staff";
import { TwoFactorRequiredError, type Actor } from "@/lib/auth/authorize";
import { seedCatalog } from "@/lib/db/seed";
import { saveRuleConfig } from "@/lib/fraud/settings";
import { freshDatabase, providers, type TestDatabase } from "../support/databases";
import { startPayments, uniqueCard, type PaymentHarness } from "../support/payments";
import { createStaff, heldOrder, testKeyring, type StaffMember } from "./admin-helpers";
import { rejects } from "./auth-helpers";

describe("the admin gate (network allowlist, role, 2FA, permission)", () => {
  const actor = (role: string, twoFactorEnabled = true): Actor => ({
    id: "u",
    email: "u@example.org",
    name: "U",
    role,
    sessionId: "s",
    twoFactorEnabled,
    authMethod: null,
    passkeyRequired: false,
  });
  const open = { ip: "203.0.113.5", allowedNetworks: undefined };
  const code = (work: () => unknown) => {
    try {
      work();
      return "OK";
    } catch (error) {
      return error instanceof TwoFactorRequiredError ? "2FA" : (error as { code: string }).code;
    }
  };

  it.each([
    [null, "orders.view", "NOT_FOUND"],
    [actor("CUSTOMER"), "orders.view", "NOT_FOUND"],
    [actor("CUSTOMER"), "rules.manage", "NOT_FOUND"],
    [actor("REVIEWER", false), "orders.view", "2FA"],
    [actor("REVIEWER"), "orders.decide", "OK"],
    [actor("REVIEWER"), "alerts.view", "OK"],
    [actor("REVIEWER"), "rules.manage", "FORBIDDEN"],
    [actor("REVIEWER"), "staff.manage", "FORBIDDEN"],
    [actor("REVIEWER"), "audit.view", "FORBIDDEN"],
    [actor("REVIEWER"), "security.view", "FORBIDDEN"],
    [actor("REVIEWER"), "orders.view", "OK"],
    [actor("REVIEWER"), "orders.refund", "FORBIDDEN"],
    [actor("REVIEWER"), "disputes.view", "OK"],
    [actor("REVIEWER"), "money.view", "FORBIDDEN"],
    [actor("REVIEWER"), "catalog.manage", "FORBIDDEN"],
    [actor("REVIEWER"), "outbox.view", "FORBIDDEN"],
    [actor("ADMIN"), "security.view", "OK"],
  ] as const)("%j asking for %s → %s", (who, permission, expected) => {
    expect(code(() => checkAdminAccess(who, open, permission))).toBe(expected);
  });

  it("answers NOT_FOUND to an admin outside ADMIN_ALLOWED_NETWORKS, and fails closed on a bad list", () => {
    const allowed = "10.8.0.0/16, 2001:db8::/32";
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "10.8.4.2", allowedNetworks: allowed }, "rules.manage")),
    ).toBe("OK");
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "2001:db8::7", allowedNetworks: allowed }, "rules.manage")),
    ).toBe("OK");
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "::ffff:10.8.0.1", allowedNetworks: allowed }, "rules.manage")),
    ).toBe("OK");
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "10.9.0.1", allowedNetworks: allowed }, "orders.view")),
    ).toBe("NOT_FOUND");
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "0.0.0.0", allowedNetworks: allowed }, "orders.view")),
    ).toBe("NOT_FOUND");
    expect(
      code(() => checkAdminAccess(actor("ADMIN"), { ip: "10.8.0.1", allowedNetworks: "10.8.0.1/16" }, "orders.view")),
    ).toBe("NOT_FOUND");
    expect(code(() => checkAdminAccess(actor("ADMIN"), { ip: "10.8.0.1", allowedNetworks: "  " }, "orders.view"))).toBe(
      "OK",
    );
  });
});

describe.each(providers())("admin domain functions check the actor themselves on %s", (provider) => {
  let t: TestDatabase;
  let pay: PaymentHarness;
  let admin: StaffMember;
  let reviewer: StaffMember;
  let customer: Actor;
  let orderId: string;
  const keyring = testKeyring();
  const card = uniqueCard();

  beforeAll(async () => {
    t = await freshDatabase(provider);
    await seedCatalog(t.db);
    pay = await startPayments(t.db);
    const user = await t.db.user.create({
      data: { email: "lin@example.com", name: "Lin Chen", passwordHash: "x", signupCountry: "US" },
    });
    customer = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: "CUSTOMER",
      sessionId: "s",
      twoFactorEnabled: true,
      authMethod: null,
      passkeyRequired: false,
    };
    admin = await createStaff(t.db, keyring, "ADMIN");
    reviewer = await createStaff(t.db, keyring, "REVIEWER");
    orderId = (await heldOrder(t.db, pay, user.id, undefined, undefined, card)).id;
  });
  afterAll(async () => {
    await pay.close();
    await t.drop();
  });

  it("a reviewer cannot change rules or roles: FORBIDDEN, and nothing changes", async () => {
    const [rules, users, audit] = [
      await t.db.fraudRuleSetting.findMany(),
      await t.db.user.findMany({ orderBy: { id: "asc" } }),
      await t.db.auditLog.count(),
    ];
    await rejects(
      saveRuleConfig(t.db, reviewer.actor, {
        id: "ip-country-mismatch",
        enabled: "off",
        action: "ALERT",
        thresholds: { includeGuests: "on" },
      }),
      "FORBIDDEN",
    );
    await rejects(setRole(t.db, reviewer.actor, { userId: reviewer.actor.id, role: "ADMIN" }), "FORBIDDEN");
    await rejects(setRole(t.db, reviewer.actor, { userId: admin.actor.id, role: "CUSTOMER" }), "FORBIDDEN");
    await rejects(listStaff(t.db, reviewer.actor), "FORBIDDEN");
    expect(await t.db.fraudRuleSetting.findMany()).toEqual(rules);
    expect(await t.db.user.findMany({ orderBy: { id: "asc" } })).toEqual(users);
    expect(await t.db.auditLog.count()).toBe(audit);
  });

  it("customers and signed-out callers never read the queue, orders, an order or the stats", async () => {
    for (const who of [customer, null]) {
      const code = who ? "NOT_FOUND" : "UNAUTHENTICATED";
      await rejects(listQueue(t.db, who, {}), code);
      await rejects(searchOrders(t.db, who, {}), code);
      await rejects(orderForReview(t.db, who, { orderId }), code);
      await rejects(dailyActivity(t.db, who), code);
    }
  });

  it("the queue lists held orders with their rules; filters ignore junk", async () => {
    const queue = await listQueue(t.db, reviewer.actor, { status: "HELD", rule: "ip-country-mismatch" });
    expect(queue.rows.map((r) => r.id)).toEqual([orderId]);
    expect(queue.rows[0]!.fraudChecks.map((c) => c.rule)).toContain("ip-country-mismatch");
    expect((await listQueue(t.db, reviewer.actor, { rule: "card-many-orders" })).rows).toEqual([]);
    expect((await listQueue(t.db, reviewer.actor, { status: "'; DROP TABLE", page: "-3" })).filter).toMatchObject({
      status: "HELD",
      page: 1,
    });
    const found = await searchOrders(t.db, reviewer.actor, { q: "LIN@example" });
    expect(found.rows.map((r) => r.id)).toEqual([orderId]);
    expect((await searchOrders(t.db, reviewer.actor, { q: "%" })).rows).toHaveLength(1);
    expect((await searchOrders(t.db, reviewer.actor, { q: "l_n" })).rows).toHaveLength(1);
    expect((await searchOrders(t.db, reviewer.actor, { q: "nobody" })).rows).toEqual([]);
  });

  it("the order detail shows the card facts the store keeps, the evidence, and nothing more", async () => {
    const detail = await orderForReview(t.db, reviewer.actor, { orderId });
    expect(detail.payment).toMatchObject({
      cardBrand: "visa",
      cardLast4: card.slice(-4),
      cardCountry: "US",
      cardholderName: "Lin Chen",
    });
    expect(Object.keys(detail.payment!)).not.toContain("paymentMethodId");
    expect(detail.user).toMatchObject({ email: "lin@example.com", signupCountry: "US" });
    expect(detail.fraudChecks[0]?.rule).toBe("ip-country-mismatch");
    expect(detail.fraudChecks[0]?.evidence).toMatchObject({ ipCountry: "GB", signupCountry: "US" });
    const days = await dailyActivity(t.db, reviewer.actor);
    expect(days).toHaveLength(14);
    expect(days[13]!.orders).toBeGreaterThanOrEqual(1);
  });

  it("the last admin cannot be demoted; a second admin can be; every change is audited", async () => {
    const only = await t.db.user.count({ where: { role: "ADMIN" } });
    expect(only).toBe(1);
    await rejects(
      setRole(t.db, admin.actor, { userId: admin.actor.id, role: "REVIEWER" }),
      "CONFLICT",
      /at least one admin/,
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.actor.id } })).role).toBe("ADMIN");
    await setRole(t.db, admin.actor, { userId: reviewer.actor.id, role: "ADMIN" });
    await setRole(t.db, admin.actor, { userId: reviewer.actor.id, role: "REVIEWER" });
    const entries = await t.db.auditLog.findMany({
      where: { action: "staff.role", target: `user:${reviewer.actor.id}` },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => JSON.parse(e.detail) as unknown)).toEqual([
      expect.objectContaining({ from: "REVIEWER", to: "ADMIN" }),
      expect.objectContaining({ from: "ADMIN", to: "REVIEWER" }),
    ]);
    await rejects(setRole(t.db, admin.actor, { userId: reviewer.actor.id, role: "OWNER" }), "VALIDATION");
  });

  it("policy acknowledgement records the version and is audited", async () => {
    const fresh = await createStaff(t.db, keyring, "REVIEWER");
    await t.db.user.update({ where: { id: fresh.actor.id }, data: { policyAckVersion: null } });
    expect(await needsPolicyAck(t.db, fresh.actor)).toBe(true);
    await rejects(acknowledgePolicy(t.db, fresh.actor, { version: String(POLICY_VERSION) }), "VALIDATION");
    await rejects(
      acknowledgePolicy(t.db, fresh.actor, { version: String(POLICY_VERSION + 1), confirm: "yes" }),
      "VALIDATION",
    );
    await rejects(acknowledgePolicy(t.db, customer, { version: String(POLICY_VERSION), confirm: "yes" }), "NOT_FOUND");
    await acknowledgePolicy(t.db, fresh.actor, { version: String(POLICY_VERSION), confirm: "yes" });
    expect(await needsPolicyAck(t.db, fresh.actor)).toBe(false);
    expect(await t.db.auditLog.count({ where: { action: "policy.acknowledge", actorId: fresh.actor.id } })).toBe(1);
  });
});
