import { compareNames } from "../names";
import { normalizeCountry, normalizeEmail, phonesMatch } from "../normalize";
import { defineRule } from "../define-rule";
import { flagSetting, numberSetting } from "../rule-settings";
import type { JsonValue, OrderFacts, RuleHit } from "../types";

type Mismatch = {
  field: "name" | "email" | "phone" | "country" | "cardCountry";
  billing: string;
  expected: string;
  source: "customer" | "order" | "card";
};

// Each check runs only when both sides have a value: a provider that sends no billing phone
// says nothing about the phone. Guests have no account, so only the order's email stands in.
function findMismatches({ order, customer }: OrderFacts): Mismatch[] {
  const billing = order.billing;
  if (!billing) return [];
  const found: Mismatch[] = [];
  const billingCountry = normalizeCountry(billing.country);

  if (customer) {
    if (compareNames(billing.name, customer.name) === "mismatch") {
      found.push({ field: "name", billing: billing.name ?? "", expected: customer.name, source: "customer" });
    }
    const email = normalizeEmail(billing.email);
    const accountEmail = normalizeEmail(customer.email);
    if (email !== null && accountEmail !== null && email !== accountEmail)
      found.push({ field: "email", billing: email, expected: accountEmail, source: "customer" });
    if (phonesMatch(billing.phone, customer.phone) === false) {
      found.push({ field: "phone", billing: billing.phone ?? "", expected: customer.phone ?? "", source: "customer" });
    }
    const signupCountry = normalizeCountry(customer.signupCountry);
    if (billingCountry !== null && signupCountry !== null && billingCountry !== signupCountry) {
      found.push({ field: "country", billing: billingCountry, expected: signupCountry, source: "customer" });
    }
  } else {
    const email = normalizeEmail(billing.email);
    const orderEmail = normalizeEmail(order.email);
    if (email !== null && orderEmail !== null && email !== orderEmail)
      found.push({ field: "email", billing: email, expected: orderEmail, source: "order" });
  }

  const cardCountry = normalizeCountry(order.card?.country);
  if (billingCountry !== null && cardCountry !== null && billingCountry !== cardCountry) {
    found.push({ field: "cardCountry", billing: billingCountry, expected: cardCountry, source: "card" });
  }
  return found;
}

// One readable phrase per mismatch, e.g. `country FR vs card issued in US`.
function describe(m: Mismatch): string {
  switch (m.field) {
    case "name":
      return `name "${m.billing}" vs account name "${m.expected}"`;
    case "email":
      return `email ${m.billing} vs ${m.source === "order" ? "order" : "account"} email ${m.expected}`;
    case "phone":
      return `phone ${m.billing} vs account phone ${m.expected}`;
    case "country":
      return `country ${m.billing} vs signup country ${m.expected}`;
    case "cardCountry":
      return `country ${m.billing} vs card issued in ${m.expected}`;
  }
}

// Billing details that disagree with the account, or a billing country the card was not issued
// in. The checklist's two parts are combined as "any mismatch" by default; an admin who wants
// "account mismatch AND card-country mismatch" sets requireCardCountryMismatch on and
// minMismatches to 2.
export const billingMismatch = defineRule({
  id: "billing-mismatch",
  title: "Billing details differ from the customer's record",
  weight: 20,
  settings: {
    minMismatches: numberSetting({
      label: "Mismatching fields needed",
      help: "How many of name, email, phone, country and card country must disagree.",
      min: 1,
      max: 5,
      default: 1,
    }),
    requireCardCountryMismatch: flagSetting({
      label: "Require the card's country to differ",
      help: "Fire only when the billing country is not where the card was issued.",
      default: false,
    }),
  },
  defaults: { enabled: true, action: "HOLD" },
  evaluate(facts, { minMismatches, requireCardCountryMismatch }): RuleHit | null {
    const mismatches = findMismatches(facts);
    if (mismatches.length < minMismatches) return null;
    if (requireCardCountryMismatch && !mismatches.some((m) => m.field === "cardCountry")) return null;
    return {
      evidence: { fields: mismatches.map((m) => m.field), mismatches: mismatches.map((m): JsonValue => ({ ...m })) },
      message: `Billing details do not match: ${mismatches.map(describe).join("; ")}.`,
    };
  },
});
