import { normalizeCountry } from "@/lib/fraud/normalize";
import { RULES, RULE_IDS, type RuleId } from "@/lib/fraud/rules";
import { MAX_SCORE } from "@/lib/fraud/score";

// What a reviewer reads first: every rule as a plain-words checklist line (fired, passed, or
// unknown when the facts it compares are missing or the rule is switched off), the risk band
// beside the score with the points that make it up, and the countries side by side. Pure: the
// review page passes the facts it already loaded (orderForReview), so this is unit-tested alone.

export type SignalStatus = "failed" | "passed" | "unknown";

export type Signal = {
  rule: RuleId;
  title: string;
  status: SignalStatus;
  /** The plain sentence: the rule's own message when it fired, else why it passed or is unknown. */
  summary: string;
  points: number;
  action: string | null;
  /** The rule's raw evidence, for the "technical details" disclosure. */
  evidence: Record<string, unknown> | null;
};

export type RiskBand = "low" | "elevated" | "high";

export type EvidenceInput = {
  riskScore: number | null;
  totalCents: number;
  ipCountry: string | null;
  shippingCountry: string;
  shippingLine1: string;
  shippingPostal: string;
  email: string;
  user: { name: string | null; signupCountry: string | null } | null;
  payment: {
    cardFingerprint: string | null;
    cardCountry: string | null;
    cardholderName: string | null;
    billingCountry: string | null;
    billingLine1: string | null;
    billingPostal: string | null;
  } | null;
  fraudChecks: Array<{
    rule: string;
    action: string;
    points: number;
    message: string;
    evidence: Record<string, unknown>;
  }>;
  /** Which rules run now (effectiveRules); a rule switched off is "unknown", not "passed". */
  enabledRules: ReadonlySet<string>;
};

// Score bands: one HOLD rule (≥ 15 points after the 1.5× multiplier) lands in "elevated", two
// strong signals in "high". A score at the store's hold score (50 by default) holds the order by
// itself (lib/fraud/policy.ts).
export const BAND_LIMITS = { elevated: 25, high: 60 } as const;

export function riskBand(score: number | null): RiskBand {
  const s = score ?? 0;
  if (s >= BAND_LIMITS.high) return "high";
  if (s >= BAND_LIMITS.elevated) return "elevated";
  return "low";
}

const displayNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** "DE" → "Germany"; unknown or malformed codes are returned as they are. */
export function countryName(code: string | null | undefined): string | null {
  const c = normalizeCountry(code);
  if (c === null) return null;
  try {
    return /^[A-Z]{2}$/.test(c) ? (displayNames.of(c) ?? c) : c;
  } catch {
    return c;
  }
}

type Facts = Omit<EvidenceInput, "fraudChecks" | "enabledRules" | "riskScore">;
// Why a rule that did not fire could not have fired: the facts it compares are missing.
// null means the facts were there, so "not fired" is a pass.
// A rule without an entry is checked like one whose facts were all there (a fork adding a rule
// need not edit this file; adding entries makes the checklist more precise).
const MISSING: Partial<Record<RuleId, (f: Facts) => string | null>> = {
  "ip-country-mismatch": (f) =>
    !f.ipCountry
      ? "The order's IP country is unknown."
      : f.user && !f.user.signupCountry
        ? "The account has no signup country."
        : null,
  "billing-mismatch": (f) =>
    !f.user
      ? "Guest order: no customer record to compare billing with."
      : !f.payment
        ? "No payment details yet."
        : null,
  "card-many-orders": (f) => (!f.payment?.cardFingerprint ? "The provider reported no card fingerprint." : null),
  "customer-many-cards": (f) => (!f.payment?.cardFingerprint ? "The provider reported no card fingerprint." : null),
  "declines-before-success": () => null,
  "shipping-billing-mismatch": (f) =>
    !f.payment?.billingCountry && !f.payment?.billingLine1 ? "No billing address was reported." : null,
  // Guests are compared with the shipping name (lib/fraud/rules/cardholder-name-mismatch.ts).
  "cardholder-name-mismatch": (f) =>
    !f.payment?.cardholderName
      ? "No cardholder name was reported."
      : f.user && !f.user.name
        ? "No customer name to compare with."
        : null,
  "high-order-amount": () => null,
};

const PASSED: Partial<Record<RuleId, (f: Facts) => string>> = {
  "ip-country-mismatch": (f) =>
    f.user
      ? `Order placed from ${countryName(f.ipCountry)}, the same country the account was created from (or with a card the account paid with before).`
      : `Order placed from ${countryName(f.ipCountry)}, in line with this email's earlier orders or, on a first order, the billing and card countries.`,
  "billing-mismatch": () => "Billing details agree with the customer's record.",
  "card-many-orders": () => "This card has not been used on many other orders or accounts.",
  "customer-many-cards": () => "This customer has not used or tried many different cards.",
  "declines-before-success": () => "No run of declined cards came before this payment.",
  "shipping-billing-mismatch": () => "Shipping and billing addresses agree.",
  "cardholder-name-mismatch": (f) =>
    f.user ? "The cardholder name matches the customer's name." : "The cardholder name matches the shipping name.",
  "high-order-amount": () => "The order total is under the limit.",
};

const ORDER: Record<SignalStatus, number> = { failed: 0, unknown: 1, passed: 2 };

/** Every rule in registry order, then fired first, unknown next, passed last. */
export function signalChecklist(input: EvidenceInput): Signal[] {
  const fired = new Map(input.fraudChecks.map((c) => [c.rule, c]));
  const signals = RULE_IDS.map((id): Signal => {
    const rule = RULES[id];
    const hit = fired.get(id);
    if (hit)
      return {
        rule: id,
        title: rule.title,
        status: "failed",
        summary: hit.message,
        points: hit.points,
        action: hit.action,
        evidence: hit.evidence,
      };
    const missing = input.enabledRules.has(id)
      ? (MISSING[id]?.(input) ?? null)
      : "This rule is switched off, so it was not checked.";
    return {
      rule: id,
      title: rule.title,
      status: missing ? "unknown" : "passed",
      summary:
        missing ?? PASSED[id]?.(input) ?? `Checked: ${rule.title.charAt(0).toLowerCase()}${rule.title.slice(1)}: no.`,
      points: 0,
      action: null,
      evidence: null,
    };
  });
  // A stored check whose rule has since left the registry is still evidence: show it as fired.
  const known = new Set<string>(RULE_IDS);
  const retired = input.fraudChecks
    .filter((c) => !known.has(c.rule))
    .map((c): Signal => ({
      rule: c.rule as RuleId,
      title: c.rule.replace(/-/g, " "),
      status: "failed",
      summary: c.message,
      points: c.points,
      action: c.action,
      evidence: c.evidence,
    }));
  return [...signals, ...retired].sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.points - a.points);
}

export type ScoreBreakdown = {
  score: number;
  band: RiskBand;
  parts: Array<{ title: string; points: number; action: string }>;
  capped: boolean;
};

export function scoreBreakdown(input: Pick<EvidenceInput, "riskScore" | "fraudChecks">): ScoreBreakdown {
  const parts = input.fraudChecks.map((c) => ({
    title: c.rule in RULES ? RULES[c.rule as RuleId].title : c.rule.replace(/-/g, " "),
    points: c.points,
    action: c.action,
  }));
  const sum = parts.reduce((s, p) => s + p.points, 0);
  const score = input.riskScore ?? Math.min(MAX_SCORE, sum);
  return { score, band: riskBand(score), parts, capped: sum > MAX_SCORE };
}

export type CountryRow = { label: string; code: string | null; name: string | null; differs: boolean };

/**
 * The five countries a reviewer compares: where the order came from, where the account was
 * opened, billing, shipping and the card's issuer. "differs" marks a known country unlike the
 * shipping country (the one the goods go to).
 */
export function countriesSideBySide(
  input: Pick<EvidenceInput, "ipCountry" | "user" | "payment" | "shippingCountry">,
): CountryRow[] {
  const ship = normalizeCountry(input.shippingCountry);
  const rows: Array<[string, string | null | undefined]> = [
    ["Order placed from (IP)", input.ipCountry],
    ["Account created from", input.user?.signupCountry],
    ["Billing address", input.payment?.billingCountry],
    ["Shipping address", input.shippingCountry],
    ["Card issued in", input.payment?.cardCountry],
  ];
  return rows.map(([label, raw]) => {
    const code = normalizeCountry(raw);
    return { label, code, name: countryName(code), differs: code !== null && ship !== null && code !== ship };
  });
}
