import type { z } from "zod";
import type { SettingsDeclaration } from "./rule-settings";
import type { RuleId } from "./rules";
import type { AttemptOutcome } from "@/lib/payments/attempts";

// The fraud engine is pure: callers gather an OrderFacts object (see lib/fraud/README.md for the
// queries) and get back which rules fired. Nothing in lib/fraud touches the database or the clock,
// so a decision can be replayed exactly from the stored facts.

// Rule ids come from the registry (rules/index.ts), the one place a rule is listed.
export type { RuleId } from "./rules";

export type RuleAction = "ALERT" | "HOLD";

// A rule's settings as the engine runs them (see rule-settings.ts for the kinds). Named
// "thresholds" where they are stored (the FraudRuleSetting column) and in form field names.
export type Thresholds = Record<string, number | boolean | string | string[]>;

// What an admin stores per rule. Thresholds are validated per rule by config.ts.
export type RuleConfig = { id: RuleId; enabled: boolean; action: RuleAction; thresholds: Thresholds };

// Shipping is always complete (the Order columns are NOT NULL).
type Address = {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  country: string;
};

// Billing comes from the payment provider, which may send only some fields (the Payment columns are
// nullable), so every field may be missing; rules compare only what is present.
type BillingDetails = {
  name?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
  email?: string | null;
  phone?: string | null;
};

export type CardFacts = {
  fingerprint: string | null;
  brand: string | null;
  last4: string | null;
  country: string | null;
  cardholderName: string | null;
};

export type OrderFacts = {
  order: {
    id: string;
    // The reference time of the order windows: rules look back from here, never at the wall clock.
    createdAt: Date;
    // When the payment under review was authorized: the attempt windows end here, since a
    // shopper's declined cards come after the order was created and before this moment.
    assessedAt: Date;
    email: string;
    userId: string | null;
    // The client address at checkout (as server.ts decided it) and the cart (the checkout cookie).
    ip: string | null;
    cartId: string | null;
    ipCountry: string | null;
    amountCents: number;
    currency: string;
    shipping: Address;
    billing: BillingDetails | null;
    card: CardFacts | null;
  };
  // The signed-in customer's account; null for guests.
  customer: { id: string; name: string; email: string; phone: string | null; signupCountry: string | null } | null;
  history: {
    // Other orders paid with the same card fingerprint (any account or guest).
    cardOrders: Array<{ orderId: string; userId: string | null; email: string; createdAt: Date }>;
    // Other orders by this account or this email, with the card each one used.
    customerCards: Array<{ orderId: string; fingerprint: string | null; createdAt: Date }>;
    // Guests only: IP countries of earlier orders by the same email.
    guestIpCountries: string[];
    // Every payment attempt the provider reported (authorized, declined, failed, canceled) that
    // shares this order's account, normalized email, client address, cart or card, this order's
    // own attempts included. Each rule picks the links it trusts (see AttemptFact.links).
    attempts: AttemptFact[];
  };
};

// What ties an attempt to the order being assessed.
export type AttemptLink = "account" | "email" | "ip" | "cart" | "card";

export type AttemptFact = {
  orderId: string;
  outcome: AttemptOutcome;
  fingerprint: string | null;
  declineCode: string | null;
  at: Date;
  userId: string | null;
  // Normalized (lib/fraud/normalize.ts normalizeEmail), as recorded.
  email: string;
  links: AttemptLink[];
};

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// The values a rule compared, for a staff member to read next to the message.
export type Evidence = { [key: string]: JsonValue };

// What a rule returns when it fires; null means "not triggered" (including "could not be evaluated").
export type RuleHit = { evidence: Evidence; message: string };

export type RuleResult = {
  rule: RuleId;
  action: RuleAction;
  triggered: true;
  // This rule's contribution to the risk score (see score.ts).
  points: number;
  evidence: Evidence;
  message: string;
};

// A stored config that could not be used as-is; the rule then ran with its defaults.
export type ConfigIssue = { rule: string; message: string };

// Why an order is held: a triggered HOLD rule, or the combined score reaching the store's
// hold score even though each rule alone only alerts (policy.ts).
export type HoldReason = "rule" | "score";

export type Evaluation = {
  results: RuleResult[];
  score: number;
  hold: boolean;
  holdReasons: HoldReason[];
  holdScore: number | null;
  configIssues: ConfigIssue[];
};

// Which history a rule reads, so the caller can skip or bound its queries (see lookback.ts).
export type HistoryNeeds = {
  cardOrdersHours?: number;
  customerCardsHours?: number;
  guestIpCountries?: boolean;
  attemptsHours?: number;
};

type RuleDefaults<T extends Thresholds> = { enabled: boolean; action: RuleAction; thresholds: T };

// A registered rule, as built by defineRule (define-rule.ts) from the rule's own declaration.
export type RuleDefinition<Id extends string = RuleId, T extends Thresholds = Thresholds> = {
  id: Id;
  title: string;
  // Base points added to the risk score when the rule fires (HOLD multiplies them, see score.ts).
  weight: number;
  // The declared settings, in order: the rules page and the generated tables read these.
  settings: SettingsDeclaration;
  // Derived from `settings`: validates an admin's form and stored values.
  schema: z.ZodType<T>;
  defaults: RuleDefaults<T>;
  // Method syntax on purpose: it lets the registry hold rules with different settings types.
  evaluate(facts: OrderFacts, thresholds: T): RuleHit | null;
  needs?(thresholds: T): HistoryNeeds;
};
