import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { saveRuleConfig } from "@/lib/fraud/settings";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { payOnHostedPage, startPayments, testCard, uniqueCard } from "../support/payments";

const staff = (role: string): Actor => ({ id: `staff-${role}`, email: `${role.toLowerCase()}@example.com`, name: role, role, sessionId: "s", twoFactorEnabled: true, authMethod: null, passkeyRequired: false });

describe.each(providers())("fraud rules at authorization on %s", (provider) => {
  const t = databaseSuite(provider, async ({ db }) => {
    await seedCatalog(db);
    return { pay: await startPayments(db) };
  }, ({ pay }) => pay.close());
  let customers = 0;
  /** A new customer who signed up from the US, so each test counts only its own cards. */
  const newCustomer = async () => {
    customers += 1;
    const email = `lin${customers}@example.com`;
    const user = await t.db.user.create({ data: { email, name: "Lin Chen", passwordHash: "x", signupCountry: "US" } });
    return { userId: user.id, email };
  };

  async function order(opts: { userId?: string | null; email?: string; ipCountry?: string | null; card?: string; cardholder?: string; name?: string }) {
    const product = await t.db.product.findUniqueOrThrow({ where: { slug: "insulated-bottle" } });
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: product.id, quantity: 1 });
    const started = await startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: token, userId: opts.userId ?? null, ip: "203.0.113.9", ipCountry: opts.ipCountry ?? null, appUrl: "http://shop.test" },
      { email: opts.email ?? "lin@example.com", name: opts.name ?? "Lin Chen", line1: "5 Main St", city: "Springfield", postalCode: "12345", country: "US" },
    );
    await payOnHostedPage(started.redirectUrl, testCard(opts.card ?? "4242424242424242", { cardholder_name: opts.cardholder ?? "Lin Chen", address_country: "US", email: opts.email ?? "lin@example.com" }));
    await t.pay.settle();
    return t.db.order.findUniqueOrThrow({ where: { id: started.orderId }, include: { fraudChecks: true, payment: true } });
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

  it("captures an order that only triggers ALERT rules, keeping the evidence", async () => {
    const paid = await order({ ...(await newCustomer()), ipCountry: "US", cardholder: "Jane Doe", card: "5555555555554444" });
    expect(paid.status).toBe("PAID");
    // The cardholder is also the billing name, so the billing rule sees the same mismatch.
    expect(paid.fraudChecks.map((c) => c.rule)).toEqual(["billing-mismatch", "cardholder-name-mismatch"]);
    expect(paid.riskScore).toBe(35);
  });

  it("passes a clean order with no checks and score 0", async () => {
    const clean = await order({ ...(await newCustomer()), ipCountry: "US", card: "378282246310005" });
    expect(clean.status).toBe("PAID");
    expect(clean.fraudChecks).toEqual([]);
    expect(clean.riskScore).toBe(0);
  });

  it("holds the third order on one card within 24 hours", async () => {
    const card = "4000002760000016";
    const first = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    const second = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    const third = await order({ email: "a1@example.com", card, name: "Ana Ruiz", cardholder: "Ana Ruiz" });
    expect([first.status, second.status]).toEqual(["PAID", "PAID"]);
    expect(third.status).toBe("HELD");
    expect(third.fraudChecks.map((c) => c.rule)).toContain("card-many-orders");
  });

  it("follows the admin's settings: a disabled rule no longer holds", async () => {
    await saveRuleConfig(t.db, staff("ADMIN"), { id: "ip-country-mismatch", enabled: "off", action: "HOLD", thresholds: { includeGuests: "on" } });
    const passed = await order({ ...(await newCustomer()), ipCountry: "FR", card: uniqueCard() });
    expect(passed.status).toBe("PAID");
    expect(passed.fraudChecks.map((c) => c.rule)).not.toContain("ip-country-mismatch");
    await saveRuleConfig(t.db, staff("ADMIN"), { id: "ip-country-mismatch", enabled: "on", action: "HOLD", thresholds: { includeGuests: "on" } });
  });

  it("holds a payment by an address on a domain an admin listed, once the rule is on", async () => {
    const email = "kim@burner.example";
    expect((await order({ email, card: uniqueCard(), name: "Kim Park", cardholder: "Kim Park" })).status).toBe("PAID");
    await saveRuleConfig(t.db, staff("ADMIN"), { id: "disposable-email-domain", enabled: "on", action: "HOLD", thresholds: { extraDomains: "burner.example", useBuiltInList: "on", check: "order" } });
    const held = await order({ email, card: uniqueCard(), name: "Kim Park", cardholder: "Kim Park" });
    expect(held.status).toBe("HELD");
    expect(held.fraudChecks.map((c) => [c.rule, c.action])).toEqual([["disposable-email-domain", "HOLD"]]);
    expect(JSON.parse(held.fraudChecks[0]!.evidence)).toEqual({ email, domain: "burner.example", list: "extra" });
    await t.db.fraudRuleSetting.delete({ where: { id: "disposable-email-domain" } });
  });

  it("lets only admins change rules, with validated thresholds", async () => {
    const before = await t.db.fraudRuleSetting.findMany();
    for (const actor of [staff("REVIEWER"), staff("CUSTOMER"), null]) {
      const error = await saveRuleConfig(t.db, actor, { id: "card-many-orders", enabled: "off", action: "ALERT", thresholds: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
    }
    const invalid = await saveRuleConfig(t.db, staff("ADMIN"), { id: "card-many-orders", enabled: "on", action: "HOLD", thresholds: { minOrders: "1", windowHours: "24", flagSharedCard: "on", sharedCardWindowHours: "720" } }).catch((e: unknown) => e);
    expect((invalid as AppError).code).toBe("VALIDATION");
    expect(await t.db.fraudRuleSetting.findMany()).toEqual(before);
  });
});
