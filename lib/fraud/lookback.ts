import { resolveRuleConfigs } from "./config";
import type { StoredRuleConfig } from "./config";
import { windowStart } from "./normalize";

export type HistoryQueries = {
  // Load history.cardOrders from this time on; null: no enabled rule reads it, pass [].
  cardOrdersSince: Date | null;
  customerCardsSince: Date | null;
  // Load history.guestIpCountries (guests only); false: pass [].
  guestIpCountries: boolean;
  // Load history.attempts from this time on, up to the moment the payment was assessed.
  attemptsSince: Date | null;
};

// Tells the caller how far back to query, from the enabled rules' windows, so the queries stay
// bounded and still cover every window. Passing more history than this is harmless: rules
// filter by their own windows.
export function historyQueries(
  configs: readonly StoredRuleConfig[],
  orderCreatedAt: Date,
  assessedAt: Date = orderCreatedAt,
): HistoryQueries {
  let cardOrdersHours = 0;
  let attemptsHours = 0;
  let customerCardsHours = 0;
  let guestIpCountries = false;
  for (const { rule, enabled, thresholds } of resolveRuleConfigs(configs).rules) {
    if (!enabled || !rule.needs) continue;
    const needs = rule.needs(thresholds);
    cardOrdersHours = Math.max(cardOrdersHours, needs.cardOrdersHours ?? 0);
    customerCardsHours = Math.max(customerCardsHours, needs.customerCardsHours ?? 0);
    guestIpCountries ||= needs.guestIpCountries ?? false;
    attemptsHours = Math.max(attemptsHours, needs.attemptsHours ?? 0);
  }
  return {
    cardOrdersSince: cardOrdersHours > 0 ? windowStart(orderCreatedAt, cardOrdersHours) : null,
    customerCardsSince: customerCardsHours > 0 ? windowStart(orderCreatedAt, customerCardsHours) : null,
    guestIpCountries,
    attemptsSince: attemptsHours > 0 ? windowStart(assessedAt, attemptsHours) : null,
  };
}
