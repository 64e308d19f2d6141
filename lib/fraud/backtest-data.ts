import "server-only";
import type { Db } from "@/lib/db";
import { countsAgainstCapture } from "@/lib/payments/refund-status";
import {
  refundReasonIsFraud,
  replayModes,
  replaySettings,
  tallyBacktest,
  type BacktestOrder,
  type BacktestTally,
  type OrderOutcome,
  type ReplayMode,
} from "./backtest";
import {
  resolveRuleConfigs,
  type ResolvedRule,
  type StoredRuleConfig,
} from "./config";
import type { FraudPolicy } from "./policy";
import { RULES } from "./rules";
import { ownRecordFacts } from "./facts";
import type { OrderFacts, RuleId } from "./types";

// Reads what the backtest needs (lib/fraud/backtest.ts) from the recorded facts, in a bounded
// number of statements whatever the number of orders: the FraudCheck rows of the period (one
// per rule that fired), the outcomes (rejections, refunds, disputes) of the period's orders, and,
// only when an own-record rule changed, the period's assessed orders read in batches. Raw SQL
// joins from the small tables to Order by its key; quoted names work on SQLite and PostgreSQL.

export const BACKTEST_DAYS = 90;
const BATCH = 5_000;

/** A rule that decides from the order's own record alone (it reads no history), so it can be re-run on stored orders. */
export function readsOwnRecordOnly(id: RuleId): boolean {
  return RULES[id].needs === undefined;
}

export type BacktestRun = BacktestTally & {
  since: Date;
  until: Date;
  modes: Record<string, ReplayMode>;
};

// An order is assessed when the rules ran on it (evaluateOrder records its risk score, 0 included).
const assessedIn = (since: Date, until: Date) => ({
  createdAt: { gte: since, lte: until },
  riskScore: { not: null },
});

/** Runs the backtest of `proposed` against `current` over the orders created from `since` to `until`. */
export async function runBacktest(
  db: Db,
  current: { configs: readonly StoredRuleConfig[]; policy: FraudPolicy },
  proposed: { configs: readonly StoredRuleConfig[]; policy: FraudPolicy },
  until: Date = new Date(),
): Promise<BacktestRun> {
  const since = new Date(until.getTime() - BACKTEST_DAYS * 86_400_000);
  const where = assessedIn(since, until);
  const modes = replayModes(
    current.configs,
    proposed.configs,
    readsOwnRecordOnly,
  );
  const reevaluate = [...modes]
    .filter(([, mode]) => mode === "re-evaluated")
    .map(([id]) => id);

  const [assessed, checks, outcomes, reevaluated] = await Promise.all([
    db.order.count({ where }),
    db.$queryRaw<Array<{ orderId: string; rule: string }>>`
      SELECT c."orderId", c."rule" FROM "FraudCheck" c JOIN "Order" o ON o."id" = c."orderId"
      WHERE o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL`,
    outcomesOf(db, since, until),
    reevaluate.length > 0
      ? reevaluateOwnRecordRules(
          db,
          where,
          reevaluate,
          current.configs,
          proposed.configs,
        )
      : new Map<string, { current: string[]; proposed: string[] }>(),
  ]);

  const orders = new Map<string, BacktestOrder & { recorded: string[] }>();
  for (const check of checks) {
    const order = orders.get(check.orderId) ?? {
      id: check.orderId,
      recorded: [],
    };
    order.recorded.push(check.rule);
    orders.set(check.orderId, order);
  }
  for (const [id, hits] of reevaluated)
    orders.set(id, {
      id,
      recorded: orders.get(id)?.recorded ?? [],
      reevaluated: hits,
    });

  const tally = tallyBacktest(
    assessed,
    orders.values(),
    outcomes,
    replaySettings(current.configs, current.policy),
    replaySettings(proposed.configs, proposed.policy),
    new Set(reevaluate),
  );
  return { ...tally, since, until, modes: Object.fromEntries(modes) };
}

/**
 * The outcome of every order in the period that was rejected, refunded as fraud or disputed.
 * Joins from the small tables to the order by its key (a relation filter would make SQLite
 * materialize every order of the period first).
 */
async function outcomesOf(
  db: Db,
  since: Date,
  until: Date,
): Promise<Map<string, OrderOutcome>> {
  const [rejections, refunds, disputes] = await Promise.all([
    db.$queryRaw<Array<{ orderId: string; reason: string | null }>>`
    SELECT d."orderId", d."reason" FROM "OrderDecision" d JOIN "Order" o ON o."id" = d."orderId"
    WHERE d."decision" = ${"REJECT"} AND d."outcome" = ${"APPLIED"} AND o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL
    ORDER BY d."createdAt"`,
    db.$queryRaw<Array<{ orderId: string; reason: string; status: string }>>`
    SELECT r."orderId", r."reason", r."status" FROM "Refund" r JOIN "Order" o ON o."id" = r."orderId"
    WHERE o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL`,
    db.$queryRaw<Array<{ orderId: string }>>`
    SELECT x."orderId" FROM "Dispute" x JOIN "Order" o ON o."id" = x."orderId"
    WHERE o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL`,
  ]);
  const outcomes = new Map<string, OrderOutcome>();
  const of = (id: string) => {
    let outcome = outcomes.get(id);
    if (!outcome)
      outcomes.set(
        id,
        (outcome = { rejected: null, refundedAsFraud: false, disputed: false }),
      );
    return outcome;
  };
  // The latest applied rejection's reason counts (a rejection is final, so there is normally one).
  for (const r of rejections) of(r.orderId).rejected = { reason: r.reason };
  for (const r of refunds)
    if (countsAgainstCapture(r.status) && refundReasonIsFraud(r.reason))
      of(r.orderId).refundedAsFraud = true;
  for (const d of disputes) of(d.orderId).disputed = true;
  return outcomes;
}

const ORDER_FIELDS = {
  id: true,
  createdAt: true,
  email: true,
  userId: true,
  ip: true,
  cartId: true,
  ipCountry: true,
  totalCents: true,
  currency: true,
  shippingName: true,
  shippingLine1: true,
  shippingLine2: true,
  shippingCity: true,
  shippingPostal: true,
  shippingCountry: true,
  payment: {
    select: {
      cardFingerprint: true,
      cardBrand: true,
      cardLast4: true,
      cardCountry: true,
      cardholderName: true,
      billingLine1: true,
      billingLine2: true,
      billingCity: true,
      billingPostal: true,
      billingCountry: true,
      billingEmail: true,
      billingPhone: true,
    },
  },
  user: {
    select: {
      id: true,
      name: true,
      email: true,
      phone: true,
      signupCountry: true,
    },
  },
} as const;

/**
 * Re-runs the own-record rules `ids` with the current and the proposed settings on every
 * assessed order of the period, read in batches by id. The facts are the order as stored, its
 * payment and the customer's account as it is now; the history lists are empty (these rules
 * read none). Returns the hits of each side, for the orders where either side fired.
 */
async function reevaluateOwnRecordRules(
  db: Db,
  where: ReturnType<typeof assessedIn>,
  ids: RuleId[],
  current: readonly StoredRuleConfig[],
  proposed: readonly StoredRuleConfig[],
) {
  const pick = (configs: readonly StoredRuleConfig[]) =>
    resolveRuleConfigs(configs).rules.filter((r) => ids.includes(r.rule.id));
  const sides = { current: pick(current), proposed: pick(proposed) };
  const hitsOf = (rules: ResolvedRule[], facts: OrderFacts) =>
    rules
      .filter((r) => r.enabled && r.rule.evaluate(facts, r.thresholds) !== null)
      .map((r) => r.rule.id as string);
  const hits = new Map<string, { current: string[]; proposed: string[] }>();
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.order.findMany({
      where,
      select: ORDER_FIELDS,
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const order of batch) {
      const facts = ownRecordFacts(order, order.createdAt);
      const side = {
        current: hitsOf(sides.current, facts),
        proposed: hitsOf(sides.proposed, facts),
      };
      if (side.current.length > 0 || side.proposed.length > 0)
        hits.set(order.id, side);
    }
    if (batch.length < BATCH) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return hits;
}
