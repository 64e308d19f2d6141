import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { flagSetting, settingSchema } from "./rule-settings";
import { RULE_IDS, RULES } from "./rules";
import type { ConfigIssue, RuleAction, RuleConfig, RuleDefinition, RuleId, Thresholds } from "./types";

// Rule configuration: the shipped defaults, validation of what an admin submits, and resolution
// of what is stored (possibly written by an older version) into something the engine can run.

const ACTIONS = ["ALERT", "HOLD"] as const satisfies readonly RuleAction[];

function ruleFor(id: RuleId): RuleDefinition {
  return RULES[id];
}

// Frozen so a caller that edits a copy by mistake gets an error instead of changing the defaults
// for every later evaluation in the process.
export const DEFAULT_RULES: readonly RuleConfig[] = Object.freeze(
  RULE_IDS.map((id) => {
    const { enabled, action, thresholds } = ruleFor(id).defaults;
    const frozen = Object.fromEntries(
      Object.entries(thresholds).map(([key, value]) => [key, Array.isArray(value) ? Object.freeze([...value]) : value]),
    );
    return Object.freeze({ id, enabled, action, thresholds: Object.freeze(frozen) as Thresholds });
  }),
);

// Validates an admin's thresholds for one rule. Every setting is required (a form sends them all;
// a missing one is a form bug worth seeing). Throws AppError("VALIDATION") with one message per
// setting, keyed by setting name, like every other form in the app (lib/validation.ts).
export function parseThresholds(id: RuleId, input: unknown): Thresholds {
  return parseInput(ruleFor(id).schema, input);
}

const ruleIdSchema = z.object({ id: z.enum(RULE_IDS, { error: "Choose a known rule." }) });

// Validates a whole rule config as submitted by an admin; threshold errors are keyed
// "thresholds.<setting>".
export function parseRuleConfig(input: unknown): RuleConfig {
  const { id } = parseInput(ruleIdSchema, input);
  const schema = z.object({
    id: z.literal(id),
    enabled: settingSchema(flagSetting({ label: "Enabled", default: true })),
    action: z.enum(ACTIONS, { error: "Action must be ALERT or HOLD." }),
    thresholds: ruleFor(id).schema,
  });
  return parseInput(schema, input);
}

// The shape read back from storage: loosely typed on purpose, since a row may predate the
// current code (renamed settings, removed rules). RuleConfig fits it.
export type StoredRuleConfig = { id: string; enabled: boolean; action: string; thresholds: unknown };

export type ResolvedRule = { rule: RuleDefinition; enabled: boolean; action: RuleAction; thresholds: Thresholds };

function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Stored configs → one runnable config per rule, in registry order. Never throws: fraud checks
// run inside payment handling, where a bad row must degrade to the shipped defaults (reported in
// `issues` for logging), not block the payment flow. Specifically:
// - a rule with no stored config runs with its defaults (so a newly added rule is active);
// - unknown rule ids and duplicates (after the first) are ignored;
// - stored thresholds are laid over the defaults, so a setting added later gets its default and a
//   setting that no longer exists is dropped; if the result is invalid, all defaults are used.
export function resolveRuleConfigs(stored: readonly StoredRuleConfig[]): {
  rules: ResolvedRule[];
  issues: ConfigIssue[];
} {
  const issues: ConfigIssue[] = [];
  const byId = new Map<RuleId, StoredRuleConfig>();
  for (const config of stored) {
    if (!isRuleId(config.id)) issues.push({ rule: String(config.id), message: "Unknown rule; its config is ignored." });
    else if (byId.has(config.id)) issues.push({ rule: config.id, message: "Duplicate config; the first one is used." });
    else byId.set(config.id, config);
  }

  const rules = RULE_IDS.map((id): ResolvedRule => {
    const rule = ruleFor(id);
    const config = byId.get(id);
    if (!config) return { rule, ...rule.defaults };

    let action = rule.defaults.action;
    if ((ACTIONS as readonly string[]).includes(config.action)) action = config.action as RuleAction;
    else issues.push({ rule: id, message: `Unknown action "${String(config.action)}"; using ${action}.` });

    let enabled = rule.defaults.enabled;
    if (typeof config.enabled === "boolean") enabled = config.enabled;
    else issues.push({ rule: id, message: `Invalid "enabled" value; using ${String(enabled)}.` });

    const stored = isRecord(config.thresholds) ? config.thresholds : {};
    const known = Object.fromEntries(
      Object.keys(rule.defaults.thresholds)
        .filter((key) => key in stored)
        .map((key) => [key, stored[key]]),
    );
    const parsed = rule.schema.safeParse({ ...rule.defaults.thresholds, ...known });
    if (parsed.success) return { rule, enabled, action, thresholds: parsed.data };
    issues.push({
      rule: id,
      message: `Invalid thresholds (${parsed.error.issues[0]?.message ?? "unknown error"}); using the defaults.`,
    });
    return { rule, enabled, action, thresholds: rule.defaults.thresholds };
  });
  return { rules, issues };
}
