import "server-only";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { evaluateRules } from "./evaluate";
import { gatherOrderFacts } from "./facts";
import { loadPolicy, loadRuleConfigs } from "./settings";
import type { Evaluation } from "./types";
import { logger } from "@/lib/logging/logger";

const log = logger.child({ component: "fraud" });

/** Runs the fraud rules on an order (its settings, facts and history), recording nothing. */
export async function assessOrder(db: Db, orderId: string): Promise<Evaluation | null> {
  const [configs, policy] = await Promise.all([loadRuleConfigs(db), loadPolicy(db)]);
  const facts = await gatherOrderFacts(db, orderId, configs);
  if (!facts) return null;
  const evaluation = evaluateRules(facts, configs, policy);
  for (const issue of evaluation.configIssues)
    log.warn({ orderId, rule: issue.rule, issue: issue.message }, "rule ran with its default settings");
  return evaluation;
}

/**
 * Runs the fraud rules on an authorized order and records the outcome: one FraudCheck row per
 * triggered rule (its evidence, for staff) and the risk score on the order. Re-running replaces
 * the previous result, so a redelivered webhook leaves one set of checks.
 */
export async function evaluateOrder(db: Db, orderId: string): Promise<Evaluation | null> {
  const evaluation = await assessOrder(db, orderId);
  if (!evaluation) return null;
  await inTransaction(db, async (tx) => {
    await tx.fraudCheck.deleteMany({ where: { orderId } });
    await tx.fraudCheck.createMany({
      data: evaluation.results.map((r) => ({
        orderId,
        rule: r.rule,
        action: r.action,
        message: r.message,
        evidence: JSON.stringify(r.evidence),
        points: r.points,
      })),
    });
    await tx.order.update({ where: { id: orderId }, data: { riskScore: evaluation.score } });
  });
  return evaluation;
}
