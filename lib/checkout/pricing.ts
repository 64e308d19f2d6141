// Shipping methods and tax, per destination country: the one table of both, for the countries in
// ./countries.ts. Pure and client-safe (the checkout's live estimate uses it too); the server
// recomputes every amount from database prices at checkout, and Stripe is sent the same numbers
// (shipping as `shipping_options[].shipping_rate_data`, tax as TaxRate objects on the line items:
// lib/payments/tax-rates.ts), so the session's total is the order's total.
//
// Tax: one rate per country, on the goods only (Stripe applies manual tax rates to line items,
// not to shipping rates). Where shoppers expect prices with tax included (VAT, GST, JCT) the
// rate is `inclusive`: the catalog price already contains it and the total does not change. In
// the US and Canada prices are shown before tax and the rate is added (`inclusive: false`).
// The rates are each country's standard rate (December 2026) and are a demo's simplification:
// reduced rates, Canadian provinces (HST/PST) and US state and local sales tax need Stripe Tax or
// a tax service. The US row is California's statewide base rate as a placeholder. Brazil's taxes
// are not collected by this store (no row: no tax line). Change rates here only; a new rate
// gets a new TaxRate object at Stripe (they are immutable there).
import { COUNTRIES } from "./countries";

/** FREE_SHIPPING_MIN_CENTS when it is not set (lib/env.ts). */
export const DEFAULT_FREE_SHIPPING_MIN_CENTS = 10_000;

export const SHIPPING_METHODS = ["standard", "express"] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

export const SHIPPING_METHOD_LABEL: Record<ShippingMethod, string> = {
  standard: "Standard shipping",
  express: "Express shipping",
};

type Rate = { cents: number; days: [min: number, max: number] };
type Zone = Record<ShippingMethod, Rate>;

const ZONES = {
  domestic: { standard: { cents: 500, days: [3, 5] }, express: { cents: 1500, days: [1, 2] } },
  northAmerica: { standard: { cents: 1200, days: [5, 8] }, express: { cents: 3000, days: [2, 3] } },
  europe: { standard: { cents: 1500, days: [6, 10] }, express: { cents: 3500, days: [2, 4] } },
  world: { standard: { cents: 2000, days: [8, 14] }, express: { cents: 4500, days: [3, 5] } },
} satisfies Record<string, Zone>;

type ZoneName = keyof typeof ZONES;
const ZONE_OF: Record<string, ZoneName> = {
  US: "domestic",
  CA: "northAmerica",
  MX: "northAmerica",
  ...Object.fromEntries(
    ["AT", "BE", "CH", "DE", "DK", "ES", "FI", "FR", "GB", "IE", "IT", "NL", "NO", "PL", "PT", "SE"].map((c) => [
      c,
      "europe" as const,
    ]),
  ),
};
const zoneOf = (country: string): Zone => ZONES[ZONE_OF[country] ?? "world"];

/** Stripe's TaxRate `tax_type` values the table uses. */
type TaxType = "vat" | "gst" | "jct" | "sales_tax";
export type TaxRule = {
  /** Basis points: 1900 is 19 %. Integer, so amounts are integer arithmetic. */
  bps: number;
  inclusive: boolean;
  /** Shown to the shopper and used as the TaxRate's display_name. */
  label: string;
  type: TaxType;
};

const vat = (bps: number, label = "VAT"): TaxRule => ({ bps, inclusive: true, label, type: "vat" });
export const TAX_RULES: Readonly<Record<string, TaxRule>> = {
  AT: vat(2000),
  BE: vat(2100),
  DK: vat(2500),
  FI: vat(2550),
  FR: vat(2000),
  DE: vat(1900),
  IE: vat(2300),
  IT: vat(2200),
  NL: vat(2100),
  PL: vat(2300),
  PT: vat(2300),
  ES: vat(2100),
  SE: vat(2500),
  GB: vat(2000),
  NO: vat(2500),
  CH: vat(810),
  MX: vat(1600, "IVA"),
  AU: { bps: 1000, inclusive: true, label: "GST", type: "gst" },
  NZ: { bps: 1500, inclusive: true, label: "GST", type: "gst" },
  JP: { bps: 1000, inclusive: true, label: "Consumption tax", type: "jct" },
  CA: { bps: 500, inclusive: false, label: "GST", type: "gst" },
  US: { bps: 725, inclusive: false, label: "Sales tax", type: "sales_tax" },
};

function taxRuleFor(country: string): TaxRule | null {
  return TAX_RULES[country] ?? null;
}

/** The rate as Stripe's TaxRate `percentage` (7.25 for 725 bps). */
export const taxPercentage = (rule: TaxRule) => rule.bps / 100;

/** "Sales tax 7.25%" / "VAT 19% included". */
export const taxLineLabel = (rule: Pick<TaxRule, "bps" | "label" | "inclusive">) =>
  `${rule.label} ${rule.bps / 100}%${rule.inclusive ? " included" : ""}`;

/**
 * The tax in a line's amount, rounded per line as Stripe rounds tax rates on line items:
 * inclusive, the part of the amount that is tax; exclusive, what is added on top.
 */
export function taxOfAmount(amountCents: number, rule: Pick<TaxRule, "bps" | "inclusive"> | null): number {
  if (!rule || rule.bps === 0) return 0;
  return rule.inclusive
    ? amountCents - Math.round((amountCents * 10_000) / (10_000 + rule.bps))
    : Math.round((amountCents * rule.bps) / 10_000);
}

export type ShippingOption = { method: ShippingMethod; cents: number; free: boolean; minDays: number; maxDays: number };

/** Each method's price to `country` for this subtotal: standard is free from `freeShippingMinCents` (0: never). */
export function shippingOptions(
  country: string,
  subtotalCents: number,
  freeShippingMinCents: number,
): ShippingOption[] {
  const zone = zoneOf(country);
  return SHIPPING_METHODS.map((method) => {
    const free = method === "standard" && freeShippingMinCents > 0 && subtotalCents >= freeShippingMinCents;
    const { cents, days } = zone[method];
    return { method, cents: free ? 0 : cents, free, minDays: days[0], maxDays: days[1] };
  });
}

export type QuoteInput = {
  country: string;
  method: ShippingMethod;
  lines: ReadonlyArray<{ unitPriceCents: number; quantity: number }>;
  freeShippingMinCents: number;
};

export type Quote = {
  subtotalCents: number;
  shipping: ShippingOption;
  tax: TaxRule | null;
  /** The tax of each line, in the order given. */
  lineTaxCents: number[];
  taxCents: number;
  /** What the shopper pays: subtotal + shipping, plus the tax when it is not included. */
  totalCents: number;
};

/** The amounts of an order to `country` with `method`: the same numbers Stripe computes for the session. */
export function quote({ country, method, lines, freeShippingMinCents }: QuoteInput): Quote {
  if (!(country in COUNTRIES)) throw new Error(`no shipping to ${country}`);
  const subtotalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  const shipping = shippingOptions(country, subtotalCents, freeShippingMinCents).find((o) => o.method === method)!;
  const tax = taxRuleFor(country);
  const lineTaxCents = lines.map((l) => taxOfAmount(l.unitPriceCents * l.quantity, tax));
  const taxCents = lineTaxCents.reduce((a, b) => a + b, 0);
  return {
    subtotalCents,
    shipping,
    tax,
    lineTaxCents,
    taxCents,
    totalCents: subtotalCents + shipping.cents + (tax && !tax.inclusive ? taxCents : 0),
  };
}

/**
 * The tax of `quantity` more units of a line whose tax was `lineTaxCents` over `lineQuantity`
 * units, `alreadyRefunded` of them refunded before: the difference of two rounded shares, so the
 * refunds of a whole line add up to exactly its tax, whatever the order they came in.
 */
export function refundedTaxShare(
  lineTaxCents: number,
  lineQuantity: number,
  alreadyRefunded: number,
  quantity: number,
): number {
  if (lineQuantity <= 0) return 0;
  const upTo = (units: number) => Math.round((lineTaxCents * units) / lineQuantity);
  return upTo(alreadyRefunded + quantity) - upTo(alreadyRefunded);
}
