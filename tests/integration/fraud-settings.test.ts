import { describe, expect, it } from "vitest";
import { rulesForAdmin } from "@/lib/admin/rules";
import type { Actor } from "@/lib/auth/authorize";
import { AppError } from "@/lib/errors";
import { resolveRuleConfigs } from "@/lib/fraud/config";
import { loadRuleConfigs, saveRuleConfig } from "@/lib/fraud/settings";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";

// Stored rule settings on a real database: rows an earlier version wrote still load, and a list
// setting round-trips from the admin form to storage and back to the rules page.

const admin: Actor = {
  id: "staff-admin",
  email: "admin@example.com",
  name: "Admin",
  role: "ADMIN",
  sessionId: "s",
  twoFactorEnabled: true,
  authMethod: "TOTP",
  passkeyRequired: false,
};

describe.each(providers())("fraud rule settings on %s", (provider) => {
  const t = databaseSuite(provider);

  it("loads rows written before settings were declared: known values kept, unknown keys and rules ignored, bad rows on defaults", async () => {
    // Exactly what the previous version stored: JSON text of numbers and booleans.
    await t.db.fraudRuleSetting.createMany({
      data: [
        {
          id: "card-many-orders",
          enabled: true,
          action: "ALERT",
          thresholds:
            '{"minOrders":5,"windowHours":48,"flagSharedCard":false,"sharedCardWindowHours":720,"retiredSetting":9}',
        },
        { id: "high-order-amount", enabled: true, action: "HOLD", thresholds: '{"maxAmountCents":250000}' },
        { id: "customer-many-cards", enabled: false, action: "HOLD", thresholds: "not json" },
        { id: "a-rule-since-removed", enabled: true, action: "HOLD", thresholds: "{}" },
      ],
    });
    const { rules, issues } = resolveRuleConfigs(await loadRuleConfigs(t.db));
    const byId = Object.fromEntries(rules.map((r) => [r.rule.id, r]));
    expect(byId["card-many-orders"]).toMatchObject({
      enabled: true,
      action: "ALERT",
      thresholds: { minOrders: 5, windowHours: 48, flagSharedCard: false, sharedCardWindowHours: 720 },
    });
    expect(byId["card-many-orders"]?.thresholds).not.toHaveProperty("retiredSetting");
    expect(byId["high-order-amount"]).toMatchObject({ enabled: true, thresholds: { maxAmountCents: 250_000 } });
    expect(byId["customer-many-cards"]).toMatchObject({
      enabled: false,
      thresholds: { minCards: 3, windowHours: 168 },
    });
    // A rule added since (no row yet) runs with its declared defaults.
    expect(byId["disposable-email-domain"]).toMatchObject({
      enabled: false,
      action: "ALERT",
      thresholds: { extraDomains: [], useBuiltInList: true },
    });
    expect(issues).toEqual([{ rule: "a-rule-since-removed", message: "Unknown rule; its config is ignored." }]);

    const page = await rulesForAdmin(t.db, admin);
    const card = page.find((r) => r.id === "card-many-orders");
    expect(card?.settings.map((s) => [s.label, s.kind, s.value])).toEqual([
      ["Orders per card", "number", "5"],
      ["Orders-per-card window (hours)", "number", "48"],
      ["Flag a card used by more than one account or email", "flag", false],
      ["Shared-card window (hours)", "number", "720"],
    ]);
    expect(page.find((r) => r.id === "high-order-amount")?.settings[0]).toMatchObject({
      label: "Largest total without review (cents)",
      help: expect.stringContaining("minor unit") as unknown,
      value: "250000",
    });
  });

  it("saves a list typed one item per line, stores it as JSON, and shows it back one per line", async () => {
    const form = {
      id: "disposable-email-domain",
      enabled: "on",
      action: "HOLD",
      thresholds: { extraDomains: "Burner.example\r\n@spam.example\n", useBuiltInList: "on", check: "order" },
    };
    const { config, before } = await saveRuleConfig(t.db, admin, form);
    expect(before).toBeNull();
    expect(config.thresholds).toEqual({
      extraDomains: ["burner.example", "spam.example"],
      useBuiltInList: true,
      check: "order",
    });
    const row = await t.db.fraudRuleSetting.findUniqueOrThrow({ where: { id: "disposable-email-domain" } });
    expect(JSON.parse(row.thresholds)).toEqual({
      extraDomains: ["burner.example", "spam.example"],
      useBuiltInList: true,
      check: "order",
    });
    expect(row.updatedBy).toBe(admin.id);

    const field = (await rulesForAdmin(t.db, admin))
      .find((r) => r.id === "disposable-email-domain")
      ?.settings.find((s) => s.key === "extraDomains");
    expect(field).toMatchObject({
      kind: "list",
      label: "Extra domains",
      name: "t.extraDomains",
      itemNoun: "domain name",
      value: "burner.example\nspam.example",
    });
  });

  it("refuses a list with a bad item, naming it, and changes nothing", async () => {
    const stored = await t.db.fraudRuleSetting.findMany({ orderBy: { id: "asc" } });
    const error = await saveRuleConfig(t.db, admin, {
      id: "disposable-email-domain",
      enabled: "on",
      action: "HOLD",
      thresholds: { extraDomains: "ok.example\nnot a domain", useBuiltInList: "on", check: "order" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields).toEqual({
      "thresholds.extraDomains": 'Extra domains: "not a domain" is not a domain name (for example example.com).',
    });
    expect(await t.db.fraudRuleSetting.findMany({ orderBy: { id: "asc" } })).toEqual(stored);
  });
});
