// Shipping rates: a Checkout Session's `shipping_options`, each an existing rate
// (`shipping_rate`) or one created inline (`shipping_rate_data`, fixed amounts only, as Stripe
// supports). The first option is the one selected; its amount is the session's shipping_cost.
import type { ApiRouter, Emulator } from "./context";
import { invalidRequest, paramError } from "./errors";
import type { FormObject, FormValue } from "./form-encoding";
import { newId } from "./ids";
import {
  asObject,
  assertKnown,
  optionalEnum,
  optionalMetadata,
  optionalObject,
  optionalString,
  requiredInteger,
  requiredString,
} from "./params";
import type { ShippingRate } from "./types";

/** What a session's option asks for: an existing rate's id, or the data of a new one. */
export type ShippingOptionInput = { rateId: string } | { data: Omit<ShippingRate, "id" | "created"> };

const UNITS = ["business_day", "day", "hour", "month", "week"] as const;

function estimateBound(estimate: FormObject, key: "minimum" | "maximum", path: string) {
  const bound = optionalObject(estimate, key, path);
  if (!bound) return null;
  const at = `${path}[${key}]`;
  assertKnown(bound, ["unit", "value"], at);
  const unit = optionalEnum(bound, "unit", UNITS, at);
  if (!unit) throw paramError("parameter_missing", `Missing required param: ${at}[unit].`, `${at}[unit]`);
  return { unit, value: requiredInteger(bound, "value", at, 1) };
}

function parseRateData(data: FormObject, path: string, currency: string): Omit<ShippingRate, "id" | "created"> {
  assertKnown(
    data,
    ["type", "display_name", "fixed_amount", "delivery_estimate", "metadata", "tax_behavior", "tax_code"],
    path,
  );
  const type = optionalEnum(data, "type", ["fixed_amount"] as const, path) ?? "fixed_amount";
  const fixed = optionalObject(data, "fixed_amount", path);
  if (!fixed)
    throw paramError("parameter_missing", `Missing required param: ${path}[fixed_amount].`, `${path}[fixed_amount]`);
  const fixedPath = `${path}[fixed_amount]`;
  assertKnown(fixed, ["amount", "currency"], fixedPath);
  const rateCurrency = requiredString(fixed, "currency", fixedPath).toLowerCase();
  if (rateCurrency !== currency)
    throw invalidRequest("The shipping rate's currency must match the currency of the line items.", {
      param: `${fixedPath}[currency]`,
    });
  const estimate = optionalObject(data, "delivery_estimate", path);
  const estimatePath = `${path}[delivery_estimate]`;
  if (estimate) assertKnown(estimate, ["minimum", "maximum"], estimatePath);
  if (optionalString(data, "tax_code", path))
    throw invalidRequest("The Stripe emulator does not support tax codes (Stripe Tax).", {
      param: `${path}[tax_code]`,
    });
  return {
    object: "shipping_rate",
    active: true,
    delivery_estimate: estimate
      ? {
          minimum: estimateBound(estimate, "minimum", estimatePath),
          maximum: estimateBound(estimate, "maximum", estimatePath),
        }
      : null,
    display_name: requiredString(data, "display_name", path),
    fixed_amount: { amount: requiredInteger(fixed, "amount", fixedPath, 0), currency: rateCurrency },
    livemode: false,
    metadata: optionalMetadata(data, "metadata", path) ?? {},
    tax_behavior: optionalEnum(data, "tax_behavior", ["exclusive", "inclusive", "unspecified"] as const, path) ?? null,
    tax_code: null,
    type,
  };
}

/** Validates `shipping_options` (at most 5) against the line items' currency; creates nothing yet. */
export function parseShippingOptions(
  raw: FormValue | undefined,
  currency: string,
  em: Emulator,
): ShippingOptionInput[] {
  if (raw === undefined || raw === "") return [];
  if (!Array.isArray(raw)) throw paramError("parameter_invalid", "Invalid array: shipping_options", "shipping_options");
  if (raw.length > 5) throw invalidRequest("You can pass up to 5 shipping options.", { param: "shipping_options" });
  return raw.map((value, i) => {
    const path = `shipping_options[${i}]`;
    const option = asObject(value, path);
    assertKnown(option, ["shipping_rate", "shipping_rate_data"], path);
    const rateId = optionalString(option, "shipping_rate", path);
    const data = optionalObject(option, "shipping_rate_data", path);
    if ((rateId === undefined) === (data === undefined))
      throw invalidRequest(`You must specify exactly one of \`shipping_rate\` or \`shipping_rate_data\` (${path}).`, {
        param: path,
      });
    if (rateId !== undefined) {
      const rate = em.store.shippingRate(rateId, `${path}[shipping_rate]`);
      if (rate.fixed_amount?.currency !== currency)
        throw invalidRequest("The shipping rate's currency must match the currency of the line items.", {
          param: `${path}[shipping_rate]`,
        });
      return { rateId };
    }
    return { data: parseRateData(data!, `${path}[shipping_rate_data]`, currency) };
  });
}

/** The session's shipping rates, creating the inline ones. */
export function shippingRatesFor(em: Emulator, options: ShippingOptionInput[]): ShippingRate[] {
  return options.map((option) => {
    if ("rateId" in option) return em.store.shippingRate(option.rateId);
    const rate: ShippingRate = { ...option.data, id: newId("shr"), created: em.clock.now() };
    em.store.shippingRates.set(rate.id, rate);
    return rate;
  });
}

export function registerShippingRateRoutes(router: ApiRouter): void {
  router.add("GET", "/v1/shipping_rates/:id", ({ em, path }) => em.store.shippingRate(path.id ?? ""));
}
