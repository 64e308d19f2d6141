import { settingDefaults, settingsSchema, type SettingValues, type SettingsDeclaration } from "./rule-settings";
import type { HistoryNeeds, OrderFacts, RuleAction, RuleDefinition, RuleHit } from "./types";

// What a rule file writes: its settings are declared once, and everything else about them (the
// schema, the default values) is derived here, so a rule cannot disagree with its own form.
export type RuleSpec<Id extends string, S extends SettingsDeclaration> = {
  // Also the file name under rules/ and the key settings are stored under: never rename it.
  id: Id;
  title: string;
  weight: number;
  settings: S;
  defaults: { enabled: boolean; action: RuleAction };
  evaluate(facts: OrderFacts, settings: SettingValues<S>): RuleHit | null;
  needs?(settings: SettingValues<S>): HistoryNeeds;
};

export function defineRule<const Id extends string, S extends SettingsDeclaration>(
  spec: RuleSpec<Id, S>,
): RuleDefinition<Id, SettingValues<S>> {
  const { defaults, ...rest } = spec;
  return {
    ...rest,
    schema: settingsSchema(spec.settings),
    defaults: { ...defaults, thresholds: settingDefaults(spec.settings) },
  };
}
