import type { RuleDefinition } from "../types";
import { billingMismatch } from "./billing-mismatch";
import { cardManyOrders } from "./card-many-orders";
import { cardholderNameMismatch } from "./cardholder-name-mismatch";
import { customerManyCards } from "./customer-many-cards";
import { declinesBeforeSuccess } from "./declines-before-success";
import { disposableEmailDomain } from "./disposable-email-domain";
import { highOrderAmount } from "./high-order-amount";
import { ipCountryMismatch } from "./ip-country-mismatch";
import { shippingBillingMismatch } from "./shipping-billing-mismatch";

// The registry: the one place a rule is listed. Rule ids, the rules page, the stored configs,
// the rule tables in README.md and lib/fraud/README.md (npm run docs:rules) and the tests all
// derive from this list. Its order is the order results are reported and rules are shown in.
const RULE_LIST = [
  ipCountryMismatch,
  billingMismatch,
  cardManyOrders,
  customerManyCards,
  declinesBeforeSuccess,
  shippingBillingMismatch,
  cardholderNameMismatch,
  highOrderAmount,
  disposableEmailDomain,
] as const;

export type RuleId = (typeof RULE_LIST)[number]["id"];

// A non-empty tuple, so it can feed z.enum.
export const RULE_IDS = RULE_LIST.map((rule) => rule.id) as unknown as readonly [RuleId, ...RuleId[]];

export const RULES = Object.freeze(Object.fromEntries(RULE_LIST.map((rule) => [rule.id, rule]))) as unknown as {
  readonly [Id in RuleId]: RuleDefinition<Id>;
};
