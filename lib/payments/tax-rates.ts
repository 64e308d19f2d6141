import "server-only";
import type Stripe from "stripe";
import type { TaxRule } from "@/lib/checkout/pricing";
import { taxPercentage } from "@/lib/checkout/pricing";

// The TaxRate objects the line items of a Checkout Session reference (Stripe's "manual tax rates"
// for Checkout: `line_items[].tax_rates`). A TaxRate's percentage and inclusiveness cannot change,
// so each (country, rate, inclusive) of lib/checkout/pricing.ts has its own, found by the
// `store_key` in its metadata, created the first time it is needed, and remembered per Stripe
// client. A changed rate in the table gets a new key and a new TaxRate; the old one stays for the
// orders that used it.

const known = new WeakMap<Stripe, Map<string, string>>();

const taxRateKey = (country: string, rule: TaxRule) =>
  `${country}:${rule.bps}:${rule.inclusive ? "inclusive" : "exclusive"}`;

/** The id of the active TaxRate for `country` at `rule`, creating it once. */
export async function taxRateId(stripe: Stripe, country: string, rule: TaxRule): Promise<string> {
  const cache = known.get(stripe) ?? new Map<string, string>();
  known.set(stripe, cache);
  const key = taxRateKey(country, rule);
  const cached = cache.get(key);
  if (cached) return cached;
  let id: string | undefined;
  for await (const rate of stripe.taxRates.list({ active: true, limit: 100 })) {
    if (rate.metadata?.store_key === key) {
      id = rate.id;
      break;
    }
  }
  id ??= (
    await stripe.taxRates.create(
      {
        display_name: rule.label,
        percentage: taxPercentage(rule),
        inclusive: rule.inclusive,
        country,
        tax_type: rule.type,
        metadata: { store_key: key },
      },
      { idempotencyKey: `tax-rate-${key}` },
    )
  ).id;
  cache.set(key, id);
  return id;
}
