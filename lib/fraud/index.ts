// The fraud engine's public surface. Pure functions only: see README.md for how to gather facts.
export { DEFAULT_RULES, parseRuleConfig, parseThresholds, resolveRuleConfigs } from "./config";
export type { ResolvedRule, StoredRuleConfig } from "./config";
export { defineRule } from "./define-rule";
export type { RuleSpec } from "./define-rule";
export { evaluateRules } from "./evaluate";
export { historyQueries } from "./lookback";
export type { HistoryQueries } from "./lookback";
export { compareNames, nameTokens, namesMatch, normalizeName } from "./names";
export type { NameComparison } from "./names";
export {
  binItem,
  choiceSetting,
  countryItem,
  domainItem,
  flagSetting,
  hoursSetting,
  listItem,
  listSetting,
  numberSetting,
} from "./rule-settings";
export type { SettingDeclaration, SettingValues, SettingsDeclaration } from "./rule-settings";
export { RULE_IDS, RULES } from "./rules";
export { HOLD_MULTIPLIER, MAX_SCORE, riskScore, rulePoints } from "./score";
export type * from "./types";
