// The rules page's "Preview on the last 90 days" (lib/admin/backtest.ts) over a large history:
// tops the 90-day window up to `orders` assessed orders, records rule results and outcomes on a
// share of them, then times three previews (median of `runs` after one warm-up each): a rule
// switched to ALERT and a preset (replayed from the recorded results), and a rule that reads only
// the order turned on (re-run on every order of the window: the most expensive kind).
import { backtestChange } from "@/lib/admin/backtest";
import type { Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db/client";
import { DEFAULT_RULES } from "@/lib/fraud/config";
import { percentile, round } from "./stats";
import { seedOrderHistory } from "./seed";

export type BacktestBench = {
  worstMedianMs: number;
  cases: Array<{ name: string; medianMs: number; maxMs: number; held: string }>;
  ordersInWindow: number;
  fraudChecks: number;
  outcomes: { rejected: number; refunds: number; disputes: number };
  seedSeconds: number;
};

const DAY = 86_400_000;
const admin: Actor = {
  id: "bench-admin",
  email: "bench-admin@example.org",
  name: "Bench",
  role: "ADMIN",
  sessionId: "bench",
  twoFactorEnabled: true,
  authMethod: "TOTP",
  passkeyRequired: false,
};
const REJECT_REASONS = ["suspected-fraud", "stolen-card", "card-testing", "customer-request"];

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>, size = 5_000) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

async function seedOutcomes(db: Db, orders: number) {
  const since = new Date(Date.now() - 89 * DAY);
  const inWindow = await db.order.count({ where: { createdAt: { gte: since } } });
  if (inWindow < orders) await seedOrderHistory(db, orders - inWindow, 5_000, 89);
  // Every order was assessed; most scored 0.
  await db.order.updateMany({ where: { riskScore: null }, data: { riskScore: 0 } });
  const ids = (
    await db.order.findMany({ where: { createdAt: { gte: since } }, select: { id: true }, orderBy: { id: "asc" } })
  ).map((o) => o.id);
  const checks = [];
  const decisions = [];
  const refunds = [];
  const disputes = [];
  for (const [i, orderId] of ids.entries()) {
    const check = { orderId, action: "HOLD", message: "bench", evidence: "{}", points: 15 };
    if (i % 10 === 0) checks.push({ ...check, rule: "shipping-billing-mismatch" });
    if (i % 30 === 0) checks.push({ ...check, rule: "billing-mismatch" });
    if (i % 45 === 0) checks.push({ ...check, rule: "card-many-orders" });
    if (i % 20 === 0)
      decisions.push({
        orderId,
        decision: "REJECT",
        note: "bench",
        outcome: "APPLIED",
        reason: REJECT_REASONS[(i / 20) % REJECT_REASONS.length]!,
      });
    if (i % 60 === 0)
      refunds.push({
        orderId,
        amountCents: 1000,
        reason: i % 120 === 0 ? "Fraudulent order" : "Customer request",
        status: "SUCCEEDED",
      });
    if (i % 90 === 0)
      disputes.push({
        id: `dp_bench_${orderId}`,
        orderId,
        chargeId: `ch_bench_dp_${orderId}`,
        amountCents: 1000,
        currency: "usd",
        reason: "fraudulent",
        status: "needs_response",
      });
  }
  await inBatches(checks, (data) => db.fraudCheck.createMany({ data }));
  await inBatches(decisions, (data) => db.orderDecision.createMany({ data }));
  await inBatches(refunds, (data) => db.refund.createMany({ data }));
  await inBatches(disputes, (data) => db.dispute.createMany({ data }));
  return {
    ordersInWindow: ids.length,
    fraudChecks: checks.length,
    outcomes: { rejected: decisions.length, refunds: refunds.length, disputes: disputes.length },
  };
}

const rule = (id: string, change: Record<string, unknown>) => {
  const base = DEFAULT_RULES.find((r) => r.id === id)!;
  return {
    kind: "rule",
    rule: { id, enabled: base.enabled ? "on" : "off", action: base.action, thresholds: base.thresholds, ...change },
  };
};

/** Seeds (see above), then times each preview `runs` times. */
export async function benchBacktest(db: Db, orders = 100_000, runs = 5): Promise<BacktestBench> {
  const t0 = performance.now();
  const seeded = await seedOutcomes(db, orders);
  const seedSeconds = round((performance.now() - t0) / 1000);
  const proposals = {
    "a rule switched to ALERT (replayed)": rule("shipping-billing-mismatch", { action: "ALERT" }),
    "the alert-only preset (replayed)": { kind: "preset", preset: "alert-only" },
    "an order-total limit turned on (re-run on every order)": rule("high-order-amount", {
      enabled: "on",
      thresholds: { maxAmountCents: "9000" },
    }),
  };
  const cases: BacktestBench["cases"] = [];
  for (const [name, input] of Object.entries(proposals)) {
    const first = await backtestChange(db, admin, input);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      await backtestChange(db, admin, input);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    cases.push({
      name,
      medianMs: round(percentile(times, 50)),
      maxMs: round(times[times.length - 1]!),
      held: `${first.heldCurrent} → ${first.heldProposed} of ${first.assessed}, ${first.more.orders} more, ${first.fewer.orders} fewer`,
    });
  }
  return { worstMedianMs: Math.max(...cases.map((c) => c.medianMs)), cases, ...seeded, seedSeconds };
}
