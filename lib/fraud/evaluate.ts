import { resolveRuleConfigs } from "./config";
import type { StoredRuleConfig } from "./config";
import { riskScore, rulePoints } from "./score";
import type { Evaluation, OrderFacts, RuleResult } from "./types";

// Runs every enabled rule over the facts of one authorized payment. Rules without a stored
// config run with their defaults (see resolveRuleConfigs); `configIssues` lists stored configs
// that could not be used as-is, for the caller to log. `hold` is true when any triggered rule's
// action is HOLD.
export function evaluateRules(facts: OrderFacts, configs: readonly StoredRuleConfig[]): Evaluation {
  const { rules, issues } = resolveRuleConfigs(configs);
  const results: RuleResult[] = [];
  for (const { rule, enabled, action, thresholds } of rules) {
    if (!enabled) continue;
    const hit = rule.evaluate(facts, thresholds);
    if (!hit) continue;
    results.push({ rule: rule.id, action, triggered: true, points: rulePoints(rule.weight, action), evidence: hit.evidence, message: hit.message });
  }
  return { results, score: riskScore(results), hold: results.some((r) => r.action === "HOLD"), configIssues: issues };
}
