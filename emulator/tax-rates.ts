// Tax Rates (Stripe's manual tax rates): create, retrieve, list. Checkout Sessions apply them to
// line items (`line_items[].tax_rates`): an inclusive rate's tax is part of the line's amount,
// an exclusive one is added to it, each rounded per line (taxOfLine).
import type { ApiRouter, Emulator } from "./context";
import { paramError } from "./errors";
import type { FormObject } from "./form-encoding";
import { newId } from "./ids";
import { assertKnown, optionalEnum, optionalInteger, optionalMetadata, optionalString, requiredString } from "./params";
import type { TaxRate } from "./types";

const TAX_TYPES = [
  "vat",
  "gst",
  "hst",
  "pst",
  "qst",
  "rst",
  "jct",
  "igst",
  "sales_tax",
  "service_tax",
  "lease_tax",
  "communications_tax",
  "amusement_tax",
  "retail_delivery_fee",
] as const;

function requiredBoolean(params: FormObject, key: string): boolean {
  const value = requiredString(params, key);
  if (value !== "true" && value !== "false")
    throw paramError("parameter_invalid_boolean", `Invalid boolean: ${value}`, key);
  return value === "true";
}

/** A percentage with at most 4 decimals, as Stripe accepts it, between 0 and 100. */
function percentage(params: FormObject): number {
  const raw = requiredString(params, "percentage");
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(raw) || Number(raw) > 100)
    throw paramError("parameter_invalid_float", `Invalid decimal: ${raw}`, "percentage");
  return Number(raw);
}

function createTaxRate(em: Emulator, params: FormObject): TaxRate {
  assertKnown(params, [
    "display_name",
    "percentage",
    "inclusive",
    "active",
    "country",
    "description",
    "jurisdiction",
    "state",
    "tax_type",
    "metadata",
    "expand",
  ]);
  const rate: TaxRate = {
    id: newId("txr"),
    object: "tax_rate",
    active: optionalString(params, "active") !== "false",
    country: optionalString(params, "country")?.toUpperCase() ?? null,
    created: em.clock.now(),
    description: optionalString(params, "description") ?? null,
    display_name: requiredString(params, "display_name"),
    effective_percentage: null,
    flat_amount: null,
    inclusive: requiredBoolean(params, "inclusive"),
    jurisdiction: optionalString(params, "jurisdiction") ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: optionalMetadata(params) ?? {},
    percentage: percentage(params),
    rate_type: "percentage",
    state: optionalString(params, "state") ?? null,
    tax_type: optionalEnum(params, "tax_type", TAX_TYPES) ?? null,
  };
  rate.effective_percentage = rate.active ? rate.percentage : null;
  em.store.taxRates.set(rate.id, rate);
  return rate;
}

/** Parts per million of 100 %: integer arithmetic for any 4-decimal percentage. */
const ppm = (rate: TaxRate) => Math.round(rate.percentage * 10_000);

/** The tax of a line amount at `rate`: inside it (inclusive) or on top of it (exclusive), rounded. */
export function taxOfLine(amount: number, rate: TaxRate): number {
  const parts = ppm(rate);
  return rate.inclusive
    ? amount - Math.round((amount * 1_000_000) / (1_000_000 + parts))
    : Math.round((amount * parts) / 1_000_000);
}

function listTaxRates(em: Emulator, params: FormObject) {
  const limit = Math.min(optionalInteger(params, "limit", "", 1) ?? 10, 100);
  const active = optionalEnum(params, "active", ["true", "false"] as const);
  const startingAfter = optionalString(params, "starting_after");
  let all = [...em.store.taxRates.values()]
    .reverse()
    .filter((r) => active === undefined || String(r.active) === active);
  if (startingAfter) {
    const index = all.findIndex((r) => r.id === startingAfter);
    all = index === -1 ? [] : all.slice(index + 1);
  }
  return { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: "/v1/tax_rates" };
}

export function registerTaxRateRoutes(router: ApiRouter): void {
  router
    .add("POST", "/v1/tax_rates", ({ em, params }) => createTaxRate(em, params))
    .add("GET", "/v1/tax_rates", ({ em, params }) => listTaxRates(em, params))
    .add("GET", "/v1/tax_rates/:id", ({ em, path }) => em.store.taxRate(path.id ?? ""));
}
