// Runs the labelled scenarios (scenarios.ts) one after another on one database, each starting
// from an empty shop history (same catalog, same settings: the shipped defaults), and judges
// them. Used by tests/integration/fraud-scenarios.test.ts and `npm run fraud:scenarios`.
import type { Db } from "@/lib/db/client";
import type { PaymentHarness } from "../support/payments";
import { driver } from "./driver";
import { SCENARIOS, type Scenario } from "./scenarios";

export type Row = {
  scenario: string;
  expected: "HOLD" | "PAY";
  statuses: string[];
  rules: string[];
  score: number;
  pass: boolean;
};

export type Totals = { fraud: number; fraudHeld: number; legitimate: number; legitimateHeld: number; failures: Row[] };

/** Empties orders, attempts and accounts (everything the rules read) and restocks the catalog. */
async function freshHistory(db: Db): Promise<void> {
  await db.order.deleteMany();
  await db.cart.deleteMany();
  await db.authEvent.deleteMany();
  await db.user.deleteMany({ where: { role: "CUSTOMER" } });
  await db.product.updateMany({ data: { stock: 1000 } });
  await db.productVariant.updateMany({ data: { stock: 1000 } });
}

async function judge(db: Db, scenario: Scenario, orderIds: string[]): Promise<Row> {
  const orders = await db.order.findMany({ where: { id: { in: orderIds } }, include: { fraudChecks: true } });
  const statuses = orderIds.map((id) => orders.find((o) => o.id === id)?.status ?? "MISSING");
  const rules = [...new Set(orders.flatMap((o) => o.fraudChecks.map((c) => c.rule)))];
  const score = Math.max(0, ...orders.map((o) => o.riskScore ?? 0));
  const pass =
    scenario.kind === "fraud"
      ? statuses.every((s) => s === "HELD") && rules.includes(scenario.rule!)
      : statuses.every((s) => s === "PAID");
  return {
    scenario: scenario.name,
    expected: scenario.kind === "fraud" ? "HOLD" : "PAY",
    statuses,
    rules,
    score,
    pass,
  };
}

export async function runScenarios(
  db: Db,
  pay: PaymentHarness,
  scenarios: readonly Scenario[] = SCENARIOS,
): Promise<{ rows: Row[]; totals: Totals }> {
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    await freshHistory(db);
    rows.push(await judge(db, scenario, await scenario.play(driver(db, pay))));
  }
  const fraud = rows.filter((r) => r.expected === "HOLD");
  const legitimate = rows.filter((r) => r.expected === "PAY");
  return {
    rows,
    totals: {
      fraud: fraud.length,
      fraudHeld: fraud.filter((r) => r.pass).length,
      legitimate: legitimate.length,
      legitimateHeld: legitimate.filter((r) => r.statuses.some((s) => s === "HELD")).length,
      failures: rows.filter((r) => !r.pass),
    },
  };
}

/** The table and totals as Markdown (printed by npm run fraud:scenarios, kept in lib/fraud/README.md). */
export function markdown({ rows, totals }: { rows: Row[]; totals: Totals }): string {
  const lines = ["| scenario | expected | status | rules | score |", "|---|---|---|---|---|"];
  for (const r of rows)
    lines.push(
      `| ${r.scenario.replaceAll("|", "\\|")} | ${r.expected} | ${r.statuses.join(", ")}${r.pass ? "" : " ✗"} | ${r.rules.join(", ") || "none"} | ${r.score} |`,
    );
  lines.push("");
  lines.push(
    `Fraud held with its rule named: ${totals.fraudHeld} of ${totals.fraud}. Legitimate held: ${totals.legitimateHeld} of ${totals.legitimate}.`,
  );
  return lines.join("\n");
}
