import type { RuleAction } from "./types";

// Risk score, 0..100, shown on the order:
//   points(rule) = round(weight × (action = HOLD ? 1.5 : 1))
//   score        = min(100, Σ points of triggered rules)
// Weights live with each rule (rules/*.ts). HOLD counts more because an admin who made a rule
// blocking has said it matters more in their store. An order is held when a HOLD rule fires, or
// when the score reaches the store's hold score (policy.ts, default 50), so two ALERT rules
// that agree can hold an order that neither would hold alone.
export const HOLD_MULTIPLIER = 1.5;
export const MAX_SCORE = 100;

// Rounded per rule so the per-rule points shown to staff add up to the score (below the cap).
export function rulePoints(weight: number, action: RuleAction): number {
  return Math.round(weight * (action === "HOLD" ? HOLD_MULTIPLIER : 1));
}

export function riskScore(results: ReadonlyArray<{ points: number }>): number {
  const total = results.reduce((sum, result) => sum + result.points, 0);
  return Math.max(0, Math.min(MAX_SCORE, total));
}
