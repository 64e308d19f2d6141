import "server-only";
import type { Actor } from "@/lib/auth/authorize";
import { requireStaff } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { parseRuleConfig, resolveRuleConfigs, type StoredRuleConfig } from "./config";
import type { RuleConfig } from "./types";

// Stored rule settings. A rule with no row runs with its defaults (lib/fraud/config.ts), and a
// row that no longer validates falls back to them too: a bad setting never blocks a payment.

export async function loadRuleConfigs(db: Db): Promise<StoredRuleConfig[]> {
  const rows = await db.fraudRuleSetting.findMany();
  return rows.map((r) => {
    let thresholds: unknown = {};
    try {
      thresholds = JSON.parse(r.thresholds);
    } catch {
      thresholds = {};
    }
    return { id: r.id, enabled: r.enabled, action: r.action, thresholds };
  });
}

/** Every rule with its effective settings, in registry order, for the rules page. */
export async function effectiveRules(db: Db) {
  return resolveRuleConfigs(await loadRuleConfigs(db)).rules.map((r) => ({ id: r.rule.id, title: r.rule.title, enabled: r.enabled, action: r.action, thresholds: r.thresholds }));
}

/**
 * Saves one rule's settings (admins only). Validated by the rule's own schema; returns the
 * saved config and what changed, for the audit log the caller writes.
 */
export async function saveRuleConfig(db: Db, actor: Actor | null, input: unknown): Promise<{ config: RuleConfig; before: StoredRuleConfig | null }> {
  const admin = requireStaff(actor, ["ADMIN"]);
  const config = parseRuleConfig(input);
  const before = (await loadRuleConfigs(db)).find((r) => r.id === config.id) ?? null;
  const data = { enabled: config.enabled, action: config.action, thresholds: JSON.stringify(config.thresholds), updatedBy: admin.id };
  await db.fraudRuleSetting.upsert({ where: { id: config.id }, create: { id: config.id, ...data }, update: data });
  return { config, before };
}
