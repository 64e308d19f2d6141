import { RULES } from "@/lib/fraud/rules";
import type { AttemptFact, OrderFacts, RuleConfig, RuleHit, RuleId, Thresholds } from "@/lib/fraud/types";

// Test helpers: a clean order (nothing should fire) and ways to bend one fact at a time.

export const AT = new Date("2025-06-01T12:00:00.000Z");
const HOUR_MS = 3_600_000;

// `hours` before AT, shifted by `ms` (positive = further in the past).
export function before(hours: number, ms = 0): Date {
  return new Date(AT.getTime() - hours * HOUR_MS - ms);
}

type Customer = NonNullable<OrderFacts["customer"]>;
export type FactsPatch = {
  order?: Partial<OrderFacts["order"]>;
  card?: Partial<NonNullable<OrderFacts["order"]["card"]>>;
  billing?: Partial<NonNullable<OrderFacts["order"]["billing"]>>;
  customer?: Partial<Customer> | null;
  history?: Partial<OrderFacts["history"]>;
};

export function makeFacts(patch: FactsPatch = {}): OrderFacts {
  const customer: Customer = {
    id: "user_1",
    name: "John Smith",
    email: "john@example.com",
    phone: "+1 415 555 0100",
    signupCountry: "US",
  };
  const order: OrderFacts["order"] = {
    id: "order_now",
    createdAt: AT,
    assessedAt: AT,
    email: "john@example.com",
    userId: "user_1",
    ip: "203.0.113.7",
    cartId: "cart_1",
    ipCountry: "US",
    amountCents: 12_500,
    currency: "usd",
    shipping: { name: "John Smith", line1: "1 Main St", city: "San Francisco", postalCode: "94105", country: "US" },
    billing: {
      name: "John Smith",
      line1: "1 Main St",
      city: "San Francisco",
      postalCode: "94105",
      country: "US",
      email: "john@example.com",
      phone: "+1 415 555 0100",
      ...patch.billing,
    },
    card: {
      fingerprint: "fp_main",
      brand: "visa",
      last4: "4242",
      country: "US",
      cardholderName: "JOHN SMITH",
      ...patch.card,
    },
    ...patch.order,
  };
  return {
    order,
    customer: patch.customer === null ? null : { ...customer, ...patch.customer },
    history: { cardOrders: [], customerCards: [], guestIpCountries: [], attempts: [], ...patch.history },
  };
}

// A guest order: no account, email only.
export function guestFacts(patch: FactsPatch = {}): OrderFacts {
  return makeFacts({
    ...patch,
    customer: null,
    order: { userId: null, email: "guest@example.com", ...patch.order },
    billing: { email: "guest@example.com", ...patch.billing },
  });
}

// Runs one rule directly with its defaults overlaid by `thresholds`.
export function runRule(id: RuleId, facts: OrderFacts, thresholds: Thresholds = {}): RuleHit | null {
  const rule = RULES[id];
  return rule.evaluate(facts, { ...rule.defaults.thresholds, ...thresholds });
}

// Configs with only `id` enabled, so an evaluateRules test sees that rule alone.
export function only(id: RuleId, patch: Partial<Omit<RuleConfig, "id">> = {}): RuleConfig[] {
  return (Object.keys(RULES) as RuleId[]).map((other) => {
    const defaults = RULES[other].defaults;
    if (other !== id)
      return { id: other, enabled: false, action: defaults.action, thresholds: { ...defaults.thresholds } };
    return {
      id,
      enabled: true,
      action: defaults.action,
      ...patch,
      thresholds: { ...defaults.thresholds, ...patch.thresholds },
    };
  });
}

// One attempt by this order's buyer (linked by account and email unless `links` says otherwise).
export function attempt(patch: Partial<AttemptFact> = {}): AttemptFact {
  return {
    orderId: "order_other",
    outcome: "DECLINED",
    fingerprint: "fp_declined",
    declineCode: "generic_decline",
    at: before(1),
    userId: "user_1",
    email: "john@example.com",
    links: ["account", "email"],
    ...patch,
  };
}
