import { resolveRuleConfigs } from "./config";
import type { StoredRuleConfig } from "./config";
import { DEFAULT_POLICY, type FraudPolicy } from "./policy";
import { riskScore, rulePoints } from "./score";
import type { Evaluation, HoldReason, OrderFacts, RuleResult } from "./types";

// Runs every enabled rule over the facts of one authorized payment. Rules without a stored
// config run with their defaults (see resolveRuleConfigs); `configIssues` lists stored configs
// that could not be used as-is, for the caller to log. The order is held when any triggered
// rule's action is HOLD, or when the combined score reaches the policy's hold score.
export function evaluateRules(
  facts: OrderFacts,
  configs: readonly StoredRuleConfig[],
  policy: FraudPolicy = DEFAULT_POLICY,
): Evaluation {
  const { rules, issues } = resolveRuleConfigs(configs);
  const results: RuleResult[] = [];
  for (const { rule, enabled, action, thresholds } of rules) {
    if (!enabled) continue;
    const hit = rule.evaluate(facts, thresholds);
    if (!hit) continue;
    results.push({
      rule: rule.id,
      action,
      triggered: true,
      points: rulePoints(rule.weight, action),
      evidence: hit.evidence,
      message: hit.message,
    });
  }
  const score = riskScore(results);
  const holdReasons: HoldReason[] = [];
  if (results.some((r) => r.action === "HOLD")) holdReasons.push("rule");
  if (policy.holdScore !== null && results.length > 0 && score >= policy.holdScore) holdReasons.push("score");
  return {
    results,
    score,
    hold: holdReasons.length > 0,
    holdReasons,
    holdScore: policy.holdScore,
    configIssues: issues,
  };
}
