import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { MAX_SCORE } from "./score";

// The store-wide hold policy, beside the per-rule settings: an order whose combined risk score
// reaches `holdScore` is held even when every rule that fired only alerts (two ALERT rules that
// agree say more than either alone). null switches the score threshold off: then only HOLD rules
// hold. The shipped default holds at 50, so a fresh install never captures a payment that
// several signals question.
export type FraudPolicy = { holdScore: number | null };

export const DEFAULT_POLICY: Readonly<FraudPolicy> = Object.freeze({ holdScore: 50 });

// nullable() rather than a union with z.null(): a union reports "Invalid input" instead of the
// number's own message when neither side fits.
const holdScoreSchema = z.object({
  holdScore: z.coerce
    .number({ error: "Enter a whole number." })
    .int({ error: "Enter a whole number." })
    .min(1, { error: "The hold score must be at least 1." })
    .max(MAX_SCORE, { error: `The hold score must be at most ${MAX_SCORE}.` })
    .nullable(),
});

/** Validates an admin's policy; "" or null for the score means "no score threshold". */
export function parsePolicy(input: unknown): FraudPolicy {
  const raw = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const holdScore = raw["holdScore"] === "" || raw["holdScore"] === undefined ? null : raw["holdScore"];
  return parseInput(holdScoreSchema, { holdScore });
}

/** A stored policy row (or none) → the policy the engine runs; a bad row degrades to the default. */
export function resolvePolicy(stored: { holdScore: number | null } | null | undefined): FraudPolicy {
  if (!stored) return { ...DEFAULT_POLICY };
  const parsed = holdScoreSchema.safeParse({ holdScore: stored.holdScore });
  return parsed.success ? parsed.data : { ...DEFAULT_POLICY };
}
