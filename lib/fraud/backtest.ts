import { resolveRuleConfigs, type StoredRuleConfig } from "./config";
import type { FraudPolicy } from "./policy";
import { riskScore, rulePoints } from "./score";
import type { RuleAction, RuleId } from "./types";

// Backtesting a settings change on the orders already assessed: which of them each side (the
// current settings, the proposed ones) would have held, and what happened to the orders whose
// fate differs. Pure: the caller reads the recorded results (lib/fraud/backtest-data.ts).
//
// What is replayed exactly from the recorded FraudCheck rows (one per rule that fired): a rule's
// action (HOLD/ALERT, hence its points), turning a rule off, and the hold score. A rule that only
// reads the order's own record (no history: rule.needs is absent) is re-evaluated by its own code
// when its thresholds change or it is turned on. A rule that reads history keeps its recorded
// result: turning it on or changing its thresholds is not replayed (see `notReplayed`).

/** Where a rule's result in the backtest comes from. */
export type ReplayMode = "recorded" | "re-evaluated" | "not-replayed";

/** What happened to an order after it was assessed. */
export type OrderOutcome = {
  // Staff rejected it (an applied REJECT decision), with the decision's reason code.
  rejected: { reason: string | null } | null;
  // A refund made (or under way) whose reason names fraud.
  refundedAsFraud: boolean;
  // A dispute (chargeback) was opened on its payment.
  disputed: boolean;
};

/** One assessed order: the rules recorded as fired, and the re-evaluated rules' hits on each side. */
export type BacktestOrder = {
  id: string;
  recorded: readonly string[];
  reevaluated?: { current: readonly string[]; proposed: readonly string[] };
};

export type GroupTally = {
  orders: number;
  rejected: number;
  // Rejections by reason code ("none" for decisions made before reason codes).
  rejectedByReason: Record<string, number>;
  refundedAsFraud: number;
  disputed: number;
  // Orders with any of the three outcomes above, each counted once.
  withAnyOutcome: number;
};

export type BacktestTally = {
  assessed: number;
  heldCurrent: number;
  heldProposed: number;
  // Held with the proposed settings, not with the current ones.
  more: GroupTally;
  // Held with the current settings, not with the proposed ones.
  fewer: GroupTally;
};

type RuleSide = { enabled: boolean; action: RuleAction; points: number };
export type ReplaySettings = { rules: ReadonlyMap<string, RuleSide>; holdScore: number | null };

/** The resolved settings a replay needs: each rule's on/off, action and points, and the hold score. */
export function replaySettings(configs: readonly StoredRuleConfig[], policy: FraudPolicy): ReplaySettings {
  const rules = new Map<string, RuleSide>();
  for (const r of resolveRuleConfigs(configs).rules)
    rules.set(r.rule.id, { enabled: r.enabled, action: r.action, points: rulePoints(r.rule.weight, r.action) });
  return { rules, holdScore: policy.holdScore };
}

/**
 * Whether an order whose rules `fired` would be held under `settings`: the engine's own decision
 * (evaluate.ts) on the fired rules that are enabled, with their points under these settings.
 * Rule ids that no longer exist are ignored, as the engine ignores them.
 */
export function wouldHold(fired: Iterable<string>, settings: ReplaySettings): boolean {
  const active: RuleSide[] = [];
  for (const id of new Set(fired)) {
    const rule = settings.rules.get(id);
    if (rule?.enabled) active.push(rule);
  }
  if (active.length === 0) return false;
  if (active.some((r) => r.action === "HOLD")) return true;
  return settings.holdScore !== null && riskScore(active) >= settings.holdScore;
}

/** The fired rules of one side: recorded results, with the re-evaluated rules' replaced. */
export function firedOnSide(
  order: BacktestOrder,
  side: "current" | "proposed",
  reevaluatedRules: ReadonlySet<string>,
): string[] {
  const kept = order.recorded.filter((id) => !reevaluatedRules.has(id));
  return [...kept, ...(order.reevaluated?.[side] ?? [])];
}

function emptyGroup(): GroupTally {
  return { orders: 0, rejected: 0, rejectedByReason: {}, refundedAsFraud: 0, disputed: 0, withAnyOutcome: 0 };
}

function addTo(group: GroupTally, outcome: OrderOutcome | undefined) {
  group.orders++;
  if (!outcome) return;
  if (outcome.rejected) {
    group.rejected++;
    const reason = outcome.rejected.reason ?? "none";
    group.rejectedByReason[reason] = (group.rejectedByReason[reason] ?? 0) + 1;
  }
  if (outcome.refundedAsFraud) group.refundedAsFraud++;
  if (outcome.disputed) group.disputed++;
  if (outcome.rejected || outcome.refundedAsFraud || outcome.disputed) group.withAnyOutcome++;
}

/**
 * Counts, over the orders that any rule fired on (the others are held by no settings: the engine
 * holds only when a rule fires), how many each side holds, and the outcomes of the orders that
 * only one side holds. `assessed` is every order assessed in the period, fired on or not.
 */
export function tallyBacktest(
  assessed: number,
  orders: Iterable<BacktestOrder>,
  outcomes: ReadonlyMap<string, OrderOutcome>,
  current: ReplaySettings,
  proposed: ReplaySettings,
  reevaluatedRules: ReadonlySet<string> = new Set(),
): BacktestTally {
  const tally: BacktestTally = { assessed, heldCurrent: 0, heldProposed: 0, more: emptyGroup(), fewer: emptyGroup() };
  for (const order of orders) {
    const before = wouldHold(firedOnSide(order, "current", reevaluatedRules), current);
    const after = wouldHold(firedOnSide(order, "proposed", reevaluatedRules), proposed);
    if (before) tally.heldCurrent++;
    if (after) tally.heldProposed++;
    if (after && !before) addTo(tally.more, outcomes.get(order.id));
    if (before && !after) addTo(tally.fewer, outcomes.get(order.id));
  }
  return tally;
}

/** Whether a refund's recorded reason says fraud (the store keeps the reason as the staff member wrote it). */
export function refundReasonIsFraud(reason: string): boolean {
  return /fraud/i.test(reason);
}

/**
 * How each rule's result is obtained when moving from `current` to `proposed`: unchanged
 * firing conditions are replayed from the record; a changed own-record rule (`ownRecord`) is
 * re-evaluated; a history rule whose thresholds changed, or that is turned on, is not replayed.
 */
export function replayModes(
  current: readonly StoredRuleConfig[],
  proposed: readonly StoredRuleConfig[],
  ownRecord: (id: RuleId) => boolean,
): Map<RuleId, ReplayMode> {
  const before = new Map(resolveRuleConfigs(current).rules.map((r) => [r.rule.id, r]));
  const modes = new Map<RuleId, ReplayMode>();
  for (const after of resolveRuleConfigs(proposed).rules) {
    const was = before.get(after.rule.id)!;
    const thresholdsChanged = JSON.stringify(was.thresholds) !== JSON.stringify(after.thresholds);
    const turnedOn = !was.enabled && after.enabled;
    const firingChanged = after.enabled && (thresholdsChanged || turnedOn);
    if (!firingChanged) modes.set(after.rule.id, "recorded");
    else modes.set(after.rule.id, ownRecord(after.rule.id) ? "re-evaluated" : "not-replayed");
  }
  return modes;
}
