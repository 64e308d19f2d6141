import "server-only";
import type { Db } from "@/lib/db";
import { evaluateOrder } from "@/lib/fraud/evaluate-order";

export type PaymentDecision =
  { action: "capture"; score: number } | { action: "hold"; score: number; rules: string[]; byScore: boolean };

/**
 * The one seam between an authorized payment and moving money: the fraud rules run (their
 * evidence is recorded on the order), and any triggered rule set to HOLD, or a combined score
 * at or above the store's hold score, keeps the payment authorized but uncaptured until staff
 * decide. `rules` names the rules behind the hold: the HOLD rules, or every rule that fired when
 * the score alone held it.
 */
export async function decidePayment(db: Db, orderId: string): Promise<PaymentDecision> {
  const evaluation = await evaluateOrder(db, orderId);
  if (!evaluation) return { action: "capture", score: 0 };
  if (!evaluation.hold) return { action: "capture", score: evaluation.score };
  const byRule = evaluation.results.filter((r) => r.action === "HOLD").map((r) => r.rule);
  return {
    action: "hold",
    score: evaluation.score,
    rules: byRule.length > 0 ? byRule : evaluation.results.map((r) => r.rule),
    byScore: evaluation.holdReasons.includes("score"),
  };
}
