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
import { resolveRuleConfigs, type ResolvedRule, type StoredRuleConfig } from "./config";
import type { FraudPolicy } from "./policy";
import { RULES } from "./rules";
import { ownRecordFacts, type StoredOrder } from "./facts";
import type { OrderFacts, RuleId } from "./types";

// Reads what the backtest needs (lib/fraud/backtest.ts) from the recorded facts, in a bounded
// number of statements whatever the number of orders: the FraudCheck rows of the period (one
// per rule that fired), the outcomes (rejections, refunds, disputes) of the period's orders, and,
// only when an own-record rule changed, the period's assessed orders read in batches. Raw SQL
// joins from the small tables to Order by its key; quoted names work on SQLite and PostgreSQL.

export const BACKTEST_DAYS = 90;
const BATCH = 5_000;

/** A rule that decides from the order's own record alone (it reads no history), so it can be re-run on stored orders. */
function readsOwnRecordOnly(id: RuleId): boolean {
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
  const modes = replayModes(current.configs, proposed.configs, readsOwnRecordOnly);
  const reevaluate = [...modes].filter(([, mode]) => mode === "re-evaluated").map(([id]) => id);

  const [assessed, checks, outcomes, reevaluated] = await Promise.all([
    db.order.count({ where }),
    db.$queryRaw<Array<{ orderId: string; rule: string }>>`
      SELECT c."orderId", c."rule" FROM "FraudCheck" c JOIN "Order" o ON o."id" = c."orderId"
      WHERE o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL`,
    outcomesOf(db, since, until),
    reevaluate.length > 0
      ? reevaluateOwnRecordRules(db, since, until, reevaluate, current.configs, proposed.configs)
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
async function outcomesOf(db: Db, since: Date, until: Date): Promise<Map<string, OrderOutcome>> {
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
    if (!outcome) outcomes.set(id, (outcome = { rejected: null, refundedAsFraud: false, disputed: false }));
    return outcome;
  };
  // The latest applied rejection's reason counts (a rejection is final, so there is normally one).
  for (const r of rejections) of(r.orderId).rejected = { reason: r.reason };
  for (const r of refunds)
    if (countsAgainstCapture(r.status) && refundReasonIsFraud(r.reason)) of(r.orderId).refundedAsFraud = true;
  for (const d of disputes) of(d.orderId).disputed = true;
  return outcomes;
}

/** One row of the re-run's read: the order, its payment and its customer, joined (null when absent). */
type StoredOrderRow = Omit<StoredOrder, "payment" | "user" | "createdAt"> & {
  [K in keyof NonNullable<StoredOrder["payment"]>]: NonNullable<StoredOrder["payment"]>[K] | null;
} & {
  createdAt: Date | string | number;
  paymentId: string | null;
  customerId: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  customerSignupCountry: string | null;
};

/** The stored order as ownRecordFacts reads it, from one joined row. */
function storedOrder(row: StoredOrderRow): StoredOrder {
  return {
    id: row.id,
    // Raw reads give SQLite's stored milliseconds or PostgreSQL's timestamp.
    createdAt:
      row.createdAt instanceof Date
        ? row.createdAt
        : new Date(
            typeof row.createdAt === "string" && /^\d+$/.test(row.createdAt) ? Number(row.createdAt) : row.createdAt,
          ),
    email: row.email,
    userId: row.userId,
    ip: row.ip,
    cartId: row.cartId,
    ipCountry: row.ipCountry,
    totalCents: Number(row.totalCents),
    currency: row.currency,
    shippingName: row.shippingName,
    shippingLine1: row.shippingLine1,
    shippingLine2: row.shippingLine2,
    shippingCity: row.shippingCity,
    shippingPostal: row.shippingPostal,
    shippingCountry: row.shippingCountry,
    payment: row.paymentId
      ? {
          cardFingerprint: row.cardFingerprint,
          cardBrand: row.cardBrand,
          cardLast4: row.cardLast4,
          cardCountry: row.cardCountry,
          cardholderName: row.cardholderName,
          billingLine1: row.billingLine1,
          billingLine2: row.billingLine2,
          billingCity: row.billingCity,
          billingPostal: row.billingPostal,
          billingCountry: row.billingCountry,
          billingEmail: row.billingEmail,
          billingPhone: row.billingPhone,
        }
      : null,
    user: row.customerId
      ? {
          id: row.customerId,
          name: row.customerName ?? "",
          email: row.customerEmail ?? "",
          phone: row.customerPhone,
          signupCountry: row.customerSignupCountry,
        }
      : null,
  };
}

/**
 * A batch of the period's assessed orders after `cursor` (by id), with payment and customer in
 * one joined statement: Prisma's nested select reads each relation with a statement of its own
 * and maps every row, which was most of a re-run's time over 100,000 orders.
 */
function readBatch(db: Db, since: Date, until: Date, cursor: string) {
  return db.$queryRaw<StoredOrderRow[]>`
    SELECT o."id", o."createdAt", o."email", o."userId", o."ip", o."cartId", o."ipCountry", o."totalCents", o."currency",
      o."shippingName", o."shippingLine1", o."shippingLine2", o."shippingCity", o."shippingPostal", o."shippingCountry",
      p."id" AS "paymentId", p."cardFingerprint", p."cardBrand", p."cardLast4", p."cardCountry", p."cardholderName",
      p."billingLine1", p."billingLine2", p."billingCity", p."billingPostal", p."billingCountry", p."billingEmail", p."billingPhone",
      u."id" AS "customerId", u."name" AS "customerName", u."email" AS "customerEmail", u."phone" AS "customerPhone", u."signupCountry" AS "customerSignupCountry"
    FROM "Order" o
    LEFT JOIN "Payment" p ON p."orderId" = o."id"
    LEFT JOIN "User" u ON u."id" = o."userId"
    WHERE o."createdAt" >= ${since} AND o."createdAt" <= ${until} AND o."riskScore" IS NOT NULL AND o."id" > ${cursor}
    ORDER BY o."id"
    LIMIT ${BATCH}`;
}

/**
 * Re-runs the own-record rules `ids` with the current and the proposed settings on every
 * assessed order of the period, read in batches by id. The facts are the order as stored, its
 * payment and the customer's account as it is now; the history lists are empty (these rules
 * read none). Returns the hits of each side, for the orders where either side fired.
 */
async function reevaluateOwnRecordRules(
  db: Db,
  since: Date,
  until: Date,
  ids: RuleId[],
  current: readonly StoredRuleConfig[],
  proposed: readonly StoredRuleConfig[],
) {
  const pick = (configs: readonly StoredRuleConfig[]) =>
    resolveRuleConfigs(configs).rules.filter((r) => ids.includes(r.rule.id));
  const sides = { current: pick(current), proposed: pick(proposed) };
  const hitsOf = (rules: ResolvedRule[], facts: OrderFacts) =>
    rules.filter((r) => r.enabled && r.rule.evaluate(facts, r.thresholds) !== null).map((r) => r.rule.id as string);
  const hits = new Map<string, { current: string[]; proposed: string[] }>();
  let cursor = "";
  for (;;) {
    const batch = await readBatch(db, since, until, cursor);
    for (const row of batch) {
      const order = storedOrder(row);
      const facts = ownRecordFacts(order, order.createdAt);
      const side = {
        current: hitsOf(sides.current, facts),
        proposed: hitsOf(sides.proposed, facts),
      };
      if (side.current.length > 0 || side.proposed.length > 0) hits.set(order.id, side);
    }
    if (batch.length < BATCH) break;
    cursor = batch[batch.length - 1]!.id;
  }
  return hits;
}
