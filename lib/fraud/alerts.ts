import "server-only";
import { raiseAlert } from "@/lib/alerts";
import type { Db } from "@/lib/db";

/** One alert per rule that fired on the order, carrying the rule's evidence. */
export async function raiseRuleAlerts(db: Db, orderId: string): Promise<number> {
  const checks = await db.fraudCheck.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });
  for (const check of checks) {
    let evidence: Record<string, unknown> = {};
    try {
      evidence = JSON.parse(check.evidence) as Record<string, unknown>;
    } catch {
      evidence = {};
    }
    await raiseAlert(db, {
      kind: "FRAUD_RULE",
      orderId,
      rule: check.rule,
      message: `${check.action === "HOLD" ? "Held" : "Alert"}: ${check.message}`,
      evidence,
    });
  }
  return checks.length;
}
