import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { resolveRuleConfigs, type StoredRuleConfig } from "./config";
import { DEFAULT_POLICY, type FraudPolicy } from "./policy";
import type { RuleAction, RuleConfig, RuleId } from "./types";

// Presets for /admin/rules: how strictly the store acts on what its rules see, in one click.
// A preset sets each rule's action and the hold score; it leaves each rule on or off and its
// thresholds as they are.

// The signals that on their own are strong enough to hold an order in "high risk only": many
// cards or orders on one card, declines before a success, and a total above the store's limit.
const HIGH_RISK: ReadonlySet<RuleId> = new Set<RuleId>([
  "card-many-orders",
  "customer-many-cards",
  "declines-before-success",
  "high-order-amount",
]);

export const PRESETS = [
  {
    id: "hold-flagged",
    title: "Hold everything flagged",
    description: "Every rule that fires holds the payment until a person accepts it. The default.",
    action: (): RuleAction => "HOLD",
    holdScore: DEFAULT_POLICY.holdScore,
  },
  {
    id: "hold-high-risk",
    title: "Hold high risk only",
    description:
      "Card testing, many cards and large totals hold; other signals alert, and hold together once the score reaches 50.",
    action: (id: RuleId): RuleAction => (HIGH_RISK.has(id) ? "HOLD" : "ALERT"),
    holdScore: 50,
  },
  {
    id: "alert-only",
    title: "Alert only",
    description: "Nothing is held: every payment is captured, and staff are alerted about flagged ones.",
    action: (): RuleAction => "ALERT",
    holdScore: null,
  },
] as const satisfies ReadonlyArray<{
  id: string;
  title: string;
  description: string;
  action: (id: RuleId) => RuleAction;
  holdScore: number | null;
}>;

export type PresetId = (typeof PRESETS)[number]["id"];
export type Preset = (typeof PRESETS)[number];

const presetSchema = z.enum(PRESETS.map((p) => p.id) as [PresetId, ...PresetId[]], {
  error: "Choose one of the presets.",
});

/** Validates a submitted preset id (AppError VALIDATION otherwise). */
export function presetById(input: unknown): Preset {
  const id = parseInput(z.object({ preset: presetSchema }), { preset: input }).preset;
  return PRESETS.find((p) => p.id === id)!;
}

/** Every rule's config after applying the preset to what is stored. */
export function presetConfigs(id: PresetId, stored: readonly StoredRuleConfig[]): RuleConfig[] {
  const preset = PRESETS.find((p) => p.id === id)!;
  return resolveRuleConfigs(stored).rules.map((r) => ({
    id: r.rule.id,
    enabled: r.enabled,
    action: preset.action(r.rule.id),
    thresholds: r.thresholds,
  }));
}

/** The preset the current settings equal, or null when an admin has set them by hand. */
export function currentPreset(
  rules: ReadonlyArray<{ id: RuleId; action: RuleAction }>,
  policy: FraudPolicy,
): PresetId | null {
  return (
    PRESETS.find((p) => p.holdScore === policy.holdScore && rules.every((r) => r.action === p.action(r.id)))?.id ?? null
  );
}
