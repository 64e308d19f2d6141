import "server-only";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { fullLabel, type ChoiceOption, type SettingDeclaration } from "@/lib/fraud/rule-settings";
import { RULES } from "@/lib/fraud/rules";
import { currentPreset, PRESETS, type PresetId } from "@/lib/fraud/presets";
import { effectiveRules, loadPolicy } from "@/lib/fraud/settings";
import type { RuleAction } from "@/lib/fraud/types";

// What the rules page renders for one setting: its declaration (label, help, bounds) with the
// effective value in the text form the input holds. Plain data, so it can reach a client form.
type Field = { key: string; name: string; label: string; help: string | null };
export type SettingField =
  | (Field & { kind: "number"; min: number; max: number; value: string })
  | (Field & { kind: "flag"; value: boolean })
  | (Field & { kind: "choice"; options: ChoiceOption[]; value: string })
  | (Field & { kind: "list"; itemNoun: string; example: string; maxItems: number; value: string });

export type RuleForm = { id: string; title: string; enabled: boolean; action: RuleAction; settings: SettingField[] };

// The form posts each setting as `t.<key>`; the action turns those back into the thresholds object.
const SETTING_PREFIX = "t.";

/** The rule form's fields as the config parseRuleConfig validates (an unticked "enabled" sends "off"). */
export function ruleFormInput(fields: Record<string, string>): Record<string, unknown> {
  const thresholds = Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => k.startsWith(SETTING_PREFIX))
      .map(([k, v]) => [k.slice(SETTING_PREFIX.length), v]),
  );
  return { id: fields.id, enabled: fields.enabled ?? "off", action: fields.action, thresholds };
}

function settingField(key: string, setting: SettingDeclaration, value: unknown): SettingField {
  const base = { key, name: `${SETTING_PREFIX}${key}`, label: fullLabel(setting), help: setting.help ?? null };
  switch (setting.kind) {
    case "number":
      return { ...base, kind: "number", min: setting.min, max: setting.max, value: String(value) };
    case "flag":
      return { ...base, kind: "flag", value: value === true };
    case "choice":
      return { ...base, kind: "choice", options: setting.options.map((o) => ({ ...o })), value: String(value) };
    case "list":
      // One item per line, the way the textarea sends it back.
      return {
        ...base,
        kind: "list",
        itemNoun: setting.item.noun,
        example: setting.item.example,
        maxItems: setting.maxItems,
        value: Array.isArray(value) ? value.join("\n") : "",
      };
  }
}

/** Every fraud rule with its effective settings, each described by the rule's own declaration. */
export async function rulesForAdmin(db: Db, actor: Actor | null): Promise<RuleForm[]> {
  requirePermission(actor, "rules.manage");
  return (await effectiveRules(db)).map((rule) => ({
    id: rule.id,
    title: rule.title,
    enabled: rule.enabled,
    action: rule.action,
    settings: Object.entries(RULES[rule.id].settings).map(([key, setting]) =>
      settingField(key, setting, rule.thresholds[key]),
    ),
  }));
}

export type HoldPolicyView = {
  holdScore: number | null;
  // The preset the current settings equal; null when an admin has set rules by hand.
  currentPreset: PresetId | null;
  presets: Array<{ id: PresetId; title: string; description: string }>;
};

/** The hold score and the presets, for the top of the rules page. */
export async function holdPolicyForAdmin(db: Db, actor: Actor | null): Promise<HoldPolicyView> {
  requirePermission(actor, "rules.manage");
  const [rules, policy] = await Promise.all([effectiveRules(db), loadPolicy(db)]);
  return {
    holdScore: policy.holdScore,
    currentPreset: currentPreset(rules, policy),
    presets: PRESETS.map(({ id, title, description }) => ({ id, title, description })),
  };
}
