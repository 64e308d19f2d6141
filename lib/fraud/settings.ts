import "server-only";
import type { Actor } from "@/lib/auth/authorize";
import { requireStaff } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { parseRuleConfig, resolveRuleConfigs, type StoredRuleConfig } from "./config";
import { parsePolicy, resolvePolicy, type FraudPolicy } from "./policy";
import { presetById, presetConfigs, type PresetId } from "./presets";
import type { RuleConfig } from "./types";

const POLICY_ID = "store";

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
  return resolveRuleConfigs(await loadRuleConfigs(db)).rules.map((r) => ({
    id: r.rule.id,
    title: r.rule.title,
    enabled: r.enabled,
    action: r.action,
    thresholds: r.thresholds,
  }));
}

/**
 * Saves one rule's settings (admins only). Validated by the rule's own schema; returns the
 * saved config and what changed, for the audit log the caller writes.
 */
export async function saveRuleConfig(
  db: Db,
  actor: Actor | null,
  input: unknown,
): Promise<{ config: RuleConfig; before: StoredRuleConfig | null }> {
  const admin = requireStaff(actor, ["ADMIN"]);
  const config = parseRuleConfig(input);
  const before = (await loadRuleConfigs(db)).find((r) => r.id === config.id) ?? null;
  const data = {
    enabled: config.enabled,
    action: config.action,
    thresholds: JSON.stringify(config.thresholds),
    updatedBy: admin.id,
  };
  await db.fraudRuleSetting.upsert({ where: { id: config.id }, create: { id: config.id, ...data }, update: data });
  return { config, before };
}

/** The store's hold policy (the default when none was saved, or the saved one no longer validates). */
export async function loadPolicy(db: Db): Promise<FraudPolicy> {
  return resolvePolicy(await db.fraudPolicy.findUnique({ where: { id: POLICY_ID }, select: { holdScore: true } }));
}

/** Saves the hold policy (admins only); returns it and the one it replaced, for the audit log. */
export async function savePolicy(
  db: Db,
  actor: Actor | null,
  input: unknown,
): Promise<{ policy: FraudPolicy; before: FraudPolicy }> {
  const admin = requireStaff(actor, ["ADMIN"]);
  const policy = parsePolicy(input);
  const before = await loadPolicy(db);
  await db.fraudPolicy.upsert({
    where: { id: POLICY_ID },
    create: { id: POLICY_ID, holdScore: policy.holdScore, updatedBy: admin.id },
    update: { holdScore: policy.holdScore, updatedBy: admin.id },
  });
  return { policy, before };
}

/**
 * Applies a preset in one step (admins only): every rule's action and the hold score, in one
 * transaction with `alsoRecord` (the caller's audit entry). Each rule keeps whether it is enabled
 * and its thresholds: a preset says how strictly to act on signals, not which signals to read.
 */
export async function applyPreset(
  db: Db,
  actor: Actor | null,
  presetId: unknown,
  alsoRecord?: (
    tx: Db,
    change: { preset: PresetId; before: { policy: FraudPolicy; actions: Record<string, string> } },
  ) => Promise<void>,
): Promise<{ preset: PresetId }> {
  const admin = requireStaff(actor, ["ADMIN"]);
  const preset = presetById(presetId);
  await inTransaction(db, async (tx) => {
    const stored = await loadRuleConfigs(tx);
    const before = {
      policy: await loadPolicy(tx),
      actions: Object.fromEntries(resolveRuleConfigs(stored).rules.map((r) => [r.rule.id, r.action])),
    };
    for (const config of presetConfigs(preset.id, stored)) {
      const data = {
        enabled: config.enabled,
        action: config.action,
        thresholds: JSON.stringify(config.thresholds),
        updatedBy: admin.id,
      };
      await tx.fraudRuleSetting.upsert({ where: { id: config.id }, create: { id: config.id, ...data }, update: data });
    }
    const holdScore = preset.holdScore;
    await tx.fraudPolicy.upsert({
      where: { id: POLICY_ID },
      create: { id: POLICY_ID, holdScore, updatedBy: admin.id },
      update: { holdScore, updatedBy: admin.id },
    });
    await alsoRecord?.(tx, { preset: preset.id, before });
  });
  return { preset: preset.id };
}
