"use client";
import { useState } from "react";
import { formatMoney } from "@/lib/catalog/format";
import { SHIPPING_METHOD_LABEL, shippingOptions, type ShippingMethod } from "@/lib/checkout/pricing";
import { useCheckoutChoice } from "./use-checkout-choice";

export type PricingProps = {
  currency: string;
  subtotalCents: number;
  freeShippingMinCents: number;
  defaultCountry: string;
};

/** The checkout's shipping method: a radio group priced for the country the form holds. */
export function ShippingMethodChoice({ currency, subtotalCents, freeShippingMinCents, defaultCountry }: PricingProps) {
  // Held here, so a form reset after a refused submit keeps the shopper's choice.
  const [method, setMethod] = useState<ShippingMethod>("standard");
  const { country } = useCheckoutChoice(defaultCountry);
  const options = shippingOptions(country, subtotalCents, freeShippingMinCents);
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1 font-medium text-gray-900">Shipping method</legend>
      {options.map((o) => (
        <label
          key={o.method}
          className="flex items-center gap-3 rounded border border-gray-400 px-3 py-2 text-gray-900"
        >
          <input
            type="radio"
            name="shippingMethod"
            value={o.method}
            checked={method === o.method}
            onChange={() => setMethod(o.method)}
          />
          <span className="flex-1">
            {SHIPPING_METHOD_LABEL[o.method]}{" "}
            <span className="text-sm text-gray-800">
              ({o.minDays}–{o.maxDays} business days)
            </span>
          </span>
          <span data-testid={`shipping-${o.method}-price`}>{o.free ? "Free" : formatMoney(o.cents, currency)}</span>
        </label>
      ))}
      {freeShippingMinCents > 0 ? (
        <p className="text-sm text-gray-800">
          Standard shipping is free on orders from {formatMoney(freeShippingMinCents, currency)}.
        </p>
      ) : null}
    </fieldset>
  );
}
