import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { applyPreset, loadPolicy, saveRuleConfig, savePolicy } from "@/lib/fraud/settings";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { payOnHostedPage, startPayments, testCard, uniqueCard } from "../support/payments";

const staff = (role: string): Actor => ({
  id: `staff-${role}`,
  email: `${role.toLowerCase()}@example.com`,
  name: role,
  role,
  sessionId: "s",
  twoFactorEnabled: true,
  authMethod: null,
  passkeyRequired: false,
});

describe.each(providers())("fraud rules at authorization on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      return { pay: await startPayments(db) };
    },
    ({ pay }) => pay.close(),
  );
  let customers = 0;
  /** A new customer who signed up from the US, so each test counts only its own cards. */
  const newCustomer = async () => {
    customers += 1;
    const email = `lin${customers}@example.com`;
    const user = await t.db.user.create({ data: { email, name: "Lin Chen", passwordHash: "x", signupCountry: "US" } });
    return { userId: user.id, email };
  };

  // Each order comes from its own client address unless a test says otherwise: declines count by
  // address too, and one test's declines are not another's.
  let addresses = 0;
  const nextIp = () => `198.51.100.${++addresses}`;

  async function order(opts: {
    userId?: string | null;
    email?: string;
    ipCountry?: string | null;
    card?: string;
    cardholder?: string;
    name?: string;
    shippingName?: string;
    declinesFirst?: string[];
    ip?: string;
  }) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "insulated-bottle" } });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: product.id,
      quantity: 1,
    });
    const started = await startCheckout(
      t.db,
      t.pay.stripe,
      {
        cartToken: token,
        userId: opts.userId ?? null,
        ip: opts.ip ?? nextIp(),
        ipCountry: opts.ipCountry ?? null,
        appUrl: "http://shop.test",
      },
      {
        email: opts.email ?? "lin@example.com",
        name: opts.shippingName ?? opts.name ?? "Lin Chen",
        line1: "5 Main St",
        city: "Springfield",
        postalCode: "12345",
        country: "US",
      },
    );
    for (const declined of opts.declinesFirst ?? []) {
      expect(
        (
          await payOnHostedPage(
            started.redirectUrl,
            testCard(declined, { cardholder_name: opts.cardholder ?? "Lin Chen", address_country: "US" }),
          )
        ).status,
      ).toBe(402);
    }
    await payOnHostedPage(
      started.redirectUrl,
      testCard(opts.card ?? "4242424242424242", {
        cardholder_name: opts.cardholder ?? "Lin Chen",
        address_country: "US",
        email: opts.email ?? "lin@example.com",
      }),
    );
    await t.pay.settle();
    return t.db.order.findUniqueOrThrow({
      where: { id: started.orderId },
      include: { fraudChecks: true, payment: true },
    });
  }

  it("holds an order whose IP country differs from the signup country: authorized, not captured", async () => {
    const held = await order({ ...(await newCustomer()), ipCountry: "GB" });
    expect(held.status).toBe("HELD");
    expect(held.heldAt).not.toBeNull();
    expect(held.riskScore).toBe(30);
    expect(held.fraudChecks.map((c) => [c.rule, c.action])).toEqual([["ip-country-mismatch", "HOLD"]]);
    expect(JSON.parse(held.fraudChecks[0]!.evidence)).toMatchObject({ ipCountry: "GB", signupCountry: "US" });
    const pi = await t.pay.stripe.paymentIntents.retrieve(held.paymentIntentId!);
    expect(pi.status).toBe("requires_capture");
    expect(t.pay.events.log.filter((e) => e.orderId === held.id)).toEqual([{ kind: "held", orderId: held.id }]);
  });

  it("holds a payment by a cardholder who is not the customer, by default", async () => {
    const held = await order({
      ...(await newCustomer()),
      ipCountry: "US",
      cardholder: "Jane Doe",
      card: "5555555555554444",
    });
    expect(held.status).toBe("HELD");
    // The cardholder is also the billing name, so the billing rule sees the same mismatch.
    expect(held.fraudChecks.map((c) => [c.rule, c.action])).toEqual([
      ["billing-mismatch", "HOLD"],
      ["cardholder-name-mismatch", "HOLD"],
    ]);
    expect(held.riskScore).toBe(53);
  });

  it("with ALERT rules, holds once their combined score reaches the hold score, and captures below it", async () => {
    for (const id of ["billing-mismatch", "cardholder-name-mismatch"])
      await saveRuleConfig(t.db, staff("ADMIN"), {
        id,
        enabled: "on",
        action: "ALERT",
        thresholds:
          id === "billing-mismatch"
            ? { minMismatches: "1", requireCardCountryMismatch: "off" }
            : { compareGuestShippingName: "on" },
      });
    await savePolicy(t.db, staff("ADMIN"), { holdScore: "36" });
    const below = await order({
      ...(await newCustomer()),
      ipCountry: "US",
      cardholder: "Jane Doe",
      card: uniqueCard(),
    });
    expect([below.status, below.riskScore]).toEqual(["PAID", 35]);
    expect(below.fraudChecks.map((c) => c.rule)).toEqual(["billing-mismatch", "cardholder-name-mismatch"]);
    await savePolicy(t.db, staff("ADMIN"), { holdScore: "35" });
    const reached = await order({
      ...(await newCustomer()),
      ipCountry: "US",
      cardholder: "Jane Doe",
      card: uniqueCard(),
    });
    expect([reached.status, reached.riskScore]).toEqual(["HELD", 35]);
    await t.db.fraudRuleSetting.deleteMany({ where: { id: { in: ["billing-mismatch", "cardholder-name-mismatch"] } } });
    await t.db.fraudPolicy.deleteMany();
  });

  it("holds a success that came after three declines on the same checkout, counting each card", async () => {
    const customer = await newCustomer();
    const held = await order({
      ...customer,
      ipCountry: "US",
      card: uniqueCard(),
      declinesFirst: ["4000000000000002", "4000000000009995", "4000000000000069"],
    });
    expect(held.status).toBe("HELD");
    expect(held.fraudChecks.map((c) => c.rule)).toEqual(["customer-many-cards", "declines-before-success"]);
    const evidence: unknown = JSON.parse(held.fraudChecks.find((c) => c.rule === "declines-before-success")!.evidence);
    expect(evidence).toMatchObject({
      declines: 3,
      distinctCards: 3,
      checkouts: 1,
      declineCodes: ["expired_card", "generic_decline", "insufficient_funds"],
    });
    expect(JSON.parse(held.fraudChecks[0]!.evidence)).toMatchObject({ distinctCards: 4, cardsOnlyTried: 3 });
  });

  it("holds declines spread over abandoned checkouts, then a fourth card on a new one", async () => {
    const customer = await newCustomer();
    for (const declined of ["4000000000000002", "4000000000009995", "4000000000009987"]) {
      const product = await t.db.product.findUniqueOrThrow({ where: { slug: "insulated-bottle" } });
      const { token } = await addToCart(t.db, undefined, {
        requestKey: newRequestKey(),
        productId: product.id,
        quantity: 1,
      });
      const started = await startCheckout(
        t.db,
        t.pay.stripe,
        { cartToken: token, userId: customer.userId, ip: nextIp(), ipCountry: "US", appUrl: "http://shop.test" },
        {
          email: customer.email,
          name: "Lin Chen",
          line1: "5 Main St",
          city: "Springfield",
          postalCode: "12345",
          country: "US",
        },
      );
      expect(
        (
          await payOnHostedPage(
            started.redirectUrl,
            testCard(declined, { cardholder_name: "Lin Chen", address_country: "US" }),
          )
        ).status,
      ).toBe(402);
    }
    await t.pay.settle();
    const held = await order({ ...customer, ipCountry: "US", card: uniqueCard() });
    expect(held.status).toBe("HELD");
    expect(JSON.parse(held.fraudChecks.find((c) => c.rule === "declines-before-success")!.evidence)).toMatchObject({
      declines: 3,
      checkouts: 3,
    });
  });

  it("holds a first-time guest from Germany paying with a US card in another name, shipping to a third", async () => {
    const held = await order({
      email: "first.guest@example.com",
      ipCountry: "DE",
      name: "Bob Stone",
      shippingName: "Carl Weber",
      cardholder: "Dana Fox",
      card: uniqueCard(),
    });
    expect(held.status).toBe("HELD");
    expect(held.fraudChecks.map((c) => c.rule)).toEqual(["ip-country-mismatch", "cardholder-name-mismatch"]);
  });

  it("passes a clean order with no checks and score 0", async () => {
    const clean = await order({ ...(await newCustomer()), ipCountry: "US", card: "378282246310005" });
    expect(clean.status).toBe("PAID");
    expect(clean.fraudChecks).toEqual([]);
    expect(clean.riskScore).toBe(0);
  });

  it("holds the third order on one card within 24 hours", async () => {
    const card = "4000056655665556";
    const first = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    const second = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    const third = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    expect([first.status, second.status]).toEqual(["PAID", "PAID"]);
    expect(third.status).toBe("HELD");
    expect(third.fraudChecks.map((c) => c.rule)).toContain("card-many-orders");
  });

  it("follows the admin's settings: a disabled rule no longer holds", async () => {
    await saveRuleConfig(t.db, staff("ADMIN"), {
      id: "ip-country-mismatch",
      enabled: "off",
      action: "HOLD",
      thresholds: { includeGuests: "on", trustKnownCard: "on" },
    });
    const passed = await order({ ...(await newCustomer()), ipCountry: "FR", card: uniqueCard() });
    expect(passed.status).toBe("PAID");
    expect(passed.fraudChecks.map((c) => c.rule)).not.toContain("ip-country-mismatch");
    await saveRuleConfig(t.db, staff("ADMIN"), {
      id: "ip-country-mismatch",
      enabled: "on",
      action: "HOLD",
      thresholds: { includeGuests: "on", trustKnownCard: "on" },
    });
  });

  it("holds a payment by an address on a domain an admin listed, once the rule is on", async () => {
    const email = "kim@burner.example";
    expect((await order({ email, card: uniqueCard(), name: "Kim Park", cardholder: "Kim Park" })).status).toBe("PAID");
    await saveRuleConfig(t.db, staff("ADMIN"), {
      id: "disposable-email-domain",
      enabled: "on",
      action: "HOLD",
      thresholds: { extraDomains: "burner.example", useBuiltInList: "on", check: "order" },
    });
    const held = await order({ email, card: uniqueCard(), name: "Kim Park", cardholder: "Kim Park" });
    expect(held.status).toBe("HELD");
    expect(held.fraudChecks.map((c) => [c.rule, c.action])).toEqual([["disposable-email-domain", "HOLD"]]);
    expect(JSON.parse(held.fraudChecks[0]!.evidence)).toEqual({ email, domain: "burner.example", list: "extra" });
    await t.db.fraudRuleSetting.delete({ where: { id: "disposable-email-domain" } });
  });

  it("lets only admins change rules, with validated thresholds", async () => {
    const before = await t.db.fraudRuleSetting.findMany();
    for (const actor of [staff("REVIEWER"), staff("CUSTOMER"), null]) {
      const error = await saveRuleConfig(t.db, actor, {
        id: "card-many-orders",
        enabled: "off",
        action: "ALERT",
        thresholds: {},
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
    }
    const invalid = await saveRuleConfig(t.db, staff("ADMIN"), {
      id: "card-many-orders",
      enabled: "on",
      action: "HOLD",
      thresholds: { minOrders: "1", windowHours: "24", flagSharedCard: "on", sharedCardWindowHours: "720" },
    }).catch((e: unknown) => e);
    expect((invalid as AppError).code).toBe("VALIDATION");
    expect(await t.db.fraudRuleSetting.findMany()).toEqual(before);
  });

  it("applies a preset in one step, for admins only, keeping each rule's thresholds, with the caller's record in the same transaction", async () => {
    await saveRuleConfig(t.db, staff("ADMIN"), {
      id: "card-many-orders",
      enabled: "on",
      action: "HOLD",
      thresholds: { minOrders: "5", windowHours: "24", flagSharedCard: "on", sharedCardWindowHours: "720" },
    });
    for (const actor of [staff("REVIEWER"), null])
      expect(await applyPreset(t.db, actor, "alert-only").catch((e: unknown) => e)).toBeInstanceOf(AppError);
    expect(
      ((await applyPreset(t.db, staff("ADMIN"), "everything-off").catch((e: unknown) => e)) as AppError).code,
    ).toBe("VALIDATION");

    const recorded: unknown[] = [];
    await applyPreset(t.db, staff("ADMIN"), "alert-only", async (_tx, change) => void recorded.push(change));
    expect(recorded).toEqual([
      {
        preset: "alert-only",
        before: {
          policy: { holdScore: 50 },
          actions: expect.objectContaining({
            "card-many-orders": "HOLD",
            "declines-before-success": "HOLD",
          }) as unknown,
        },
      },
    ]);
    const rows = await t.db.fraudRuleSetting.findMany();
    expect(new Set(rows.map((r) => r.action))).toEqual(new Set(["ALERT"]));
    expect(JSON.parse(rows.find((r) => r.id === "card-many-orders")!.thresholds)).toMatchObject({ minOrders: 5 });
    expect(await loadPolicy(t.db)).toEqual({ holdScore: null });
    const captured = await order({ ...(await newCustomer()), ipCountry: "GB", card: uniqueCard() });
    expect(captured.status).toBe("PAID");
    expect(captured.fraudChecks.map((c) => [c.rule, c.action])).toEqual([["ip-country-mismatch", "ALERT"]]);

    // A failing record rolls the preset back.
    await expect(
      applyPreset(t.db, staff("ADMIN"), "hold-flagged", async () => Promise.reject(new Error("audit down"))),
    ).rejects.toThrow("audit down");
    expect(await loadPolicy(t.db)).toEqual({ holdScore: null });
    await applyPreset(t.db, staff("ADMIN"), "hold-flagged");
    expect(await loadPolicy(t.db)).toEqual({ holdScore: 50 });
    expect(new Set((await t.db.fraudRuleSetting.findMany()).map((r) => r.action))).toEqual(new Set(["HOLD"]));
    await t.db.fraudRuleSetting.deleteMany();
  });
});
