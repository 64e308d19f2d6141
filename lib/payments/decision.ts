import "server-only";
import type { Db } from "@/lib/db";
import { evaluateOrder } from "@/lib/fraud/evaluate-order";

export type PaymentDecision = { action: "capture"; score: number } | { action: "hold"; score: number; rules: string[] };

/**
 * The one seam between an authorized payment and moving money: the fraud rules run (their
 * evidence is recorded on the order), and any triggered rule set to HOLD keeps the payment
 * authorized but uncaptured until staff decide.
 */
export async function decidePayment(db: Db, orderId: string): Promise<PaymentDecision> {
  const evaluation = await evaluateOrder(db, orderId);
  if (!evaluation) return { action: "capture", score: 0 };
  const holding = evaluation.results.filter((r) => r.action === "HOLD").map((r) => r.rule);
  return evaluation.hold ? { action: "hold", score: evaluation.score, rules: holding } : { action: "capture", score: evaluation.score };
}
