import type { RuleDefinition, RuleId } from "../types";
import { billingMismatch } from "./billing-mismatch";
import { cardManyOrders } from "./card-many-orders";
import { cardholderNameMismatch } from "./cardholder-name-mismatch";
import { customerManyCards } from "./customer-many-cards";
import { highOrderAmount } from "./high-order-amount";
import { ipCountryMismatch } from "./ip-country-mismatch";
import { shippingBillingMismatch } from "./shipping-billing-mismatch";

// Every rule, keyed by id. The mapped type makes a rule id without a rule (or the reverse) a
// compile error. Order here is the order results are reported in.
export const RULES: { readonly [Id in RuleId]: RuleDefinition<Id> } = {
  "ip-country-mismatch": ipCountryMismatch,
  "billing-mismatch": billingMismatch,
  "card-many-orders": cardManyOrders,
  "customer-many-cards": customerManyCards,
  "shipping-billing-mismatch": shippingBillingMismatch,
  "cardholder-name-mismatch": cardholderNameMismatch,
  "high-order-amount": highOrderAmount,
};
