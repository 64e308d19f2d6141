import "server-only";
import { z } from "zod";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { BACKTEST_DAYS, runBacktest } from "@/lib/fraud/backtest-data";
import type { GroupTally } from "@/lib/fraud/backtest";
import { parseRuleConfig, type StoredRuleConfig } from "@/lib/fraud/config";
import { parsePolicy, type FraudPolicy } from "@/lib/fraud/policy";
import { presetById, presetConfigs } from "@/lib/fraud/presets";
import { RULES } from "@/lib/fraud/rules";
import { loadPolicy, loadRuleConfigs } from "@/lib/fraud/settings";
import type { RuleId } from "@/lib/fraud/types";
import { reasonLabel } from "@/lib/orders/decision-reasons";
import { parseInput } from "@/lib/validation";
import type { ActionState } from "@/lib/actions";

// "Preview on the last 90 days" on /admin/rules: what a rule's new settings, a new hold score or
// a preset would have done to the orders of the last 90 days, before anything is saved. Reads
// only; see lib/fraud/backtest.ts for what is replayed exactly and what is not.

const proposalSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("rule"), rule: z.unknown() }),
    z.object({ kind: z.literal("hold-score"), holdScore: z.unknown() }),
    z.object({ kind: z.literal("preset"), preset: z.unknown() }),
  ],
  { error: "Choose what to preview." },
);

export type BacktestGroup = GroupTally & { rejectedReasons: Array<{ label: string; count: number }> };

/** Plain data for the panel (it reaches client forms). */
export type BacktestView = {
  subject: string;
  days: number;
  since: string;
  until: string;
  assessed: number;
  heldCurrent: number;
  heldProposed: number;
  more: BacktestGroup;
  fewer: BacktestGroup;
  // Rules whose new firing conditions could not be replayed (they read history), by title.
  notReplayed: string[];
  // Rules re-run on the stored orders (they read only the order's own record), by title.
  reevaluated: string[];
  tookMs: number;
};

function group(g: GroupTally): BacktestGroup {
  const rejectedReasons = Object.entries(g.rejectedByReason)
    .map(([code, count]) => ({ label: reasonLabel(code === "none" ? null : code), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { ...g, rejectedReasons };
}

/**
 * Backtests a proposed change (admins only, `rules.manage`): `{ kind: "rule", rule: {id,
 * enabled, action, thresholds} }` as the rule form submits it, `{ kind: "hold-score", holdScore }`
 * or `{ kind: "preset", preset }`. Validated like the save it previews (the same errors); saves
 * nothing and writes no audit entry (nothing changes).
 */
export async function backtestChange(
  db: Db,
  actor: Actor | null,
  input: unknown,
  now: Date = new Date(),
): Promise<BacktestView> {
  requirePermission(actor, "rules.manage");
  const proposal = parseInput(proposalSchema, input);
  const started = performance.now();
  const [configs, policy] = await Promise.all([loadRuleConfigs(db), loadPolicy(db)]);
  let proposed: { configs: StoredRuleConfig[]; policy: FraudPolicy };
  let subject: string;
  switch (proposal.kind) {
    case "rule": {
      const config = parseRuleConfig(proposal.rule);
      proposed = { configs: [config, ...configs.filter((c) => c.id !== config.id)], policy };
      subject = `the new settings of “${RULES[config.id].title}”`;
      break;
    }
    case "hold-score": {
      const next = parsePolicy({ holdScore: proposal.holdScore });
      proposed = { configs, policy: next };
      subject = next.holdScore === null ? "no hold score" : `a hold score of ${next.holdScore}`;
      break;
    }
    case "preset": {
      const preset = presetById(proposal.preset);
      proposed = { configs: presetConfigs(preset.id, configs), policy: { holdScore: preset.holdScore } };
      subject = `the preset “${preset.title}”`;
      break;
    }
  }
  const run = await runBacktest(db, { configs, policy }, proposed, now);
  const titled = (mode: string) =>
    Object.entries(run.modes)
      .filter(([, m]) => m === mode)
      .map(([id]) => RULES[id as RuleId].title);
  return {
    subject,
    days: BACKTEST_DAYS,
    since: run.since.toISOString(),
    until: run.until.toISOString(),
    assessed: run.assessed,
    heldCurrent: run.heldCurrent,
    heldProposed: run.heldProposed,
    more: group(run.more),
    fewer: group(run.fewer),
    notReplayed: titled("not-replayed"),
    reevaluated: titled("re-evaluated"),
    tookMs: Math.round(performance.now() - started),
  };
}

/** A rules-page form's state: the save's, or a preview's panel with what was typed kept. */
export type PreviewState = ActionState & { preview?: BacktestView };
