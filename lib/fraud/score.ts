import type { RuleAction } from "./types";

// Risk score, 0..100, shown on the order:
//   points(rule) = round(weight × (action = HOLD ? 1.5 : 1))
//   score        = min(100, Σ points of triggered rules)
// Weights live with each rule (rules/*.ts). HOLD counts more because an admin who made a rule
// blocking has said it matters more in their store. The score is informational: whether an
// order is held depends only on the actions, never on the score.
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
