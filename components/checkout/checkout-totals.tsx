"use client";
import { quote } from "@/lib/checkout/pricing";
import { OrderAmounts } from "./order-amounts";
import type { PricingProps } from "./shipping-method-choice";
import { useCheckoutChoice } from "./use-checkout-choice";

/** The checkout summary's amounts for the country and method the form holds; the server prices the order again. */
export function CheckoutTotals({
  lines,
  ...props
}: PricingProps & { lines: Array<{ unitPriceCents: number; quantity: number }> }) {
  const { country, method } = useCheckoutChoice(props.defaultCountry);
  const q = quote({ country, method, lines, freeShippingMinCents: props.freeShippingMinCents });
  return (
    <OrderAmounts
      testId="checkout-total"
      amounts={{
        currency: props.currency,
        subtotalCents: q.subtotalCents,
        shippingCents: q.shipping.cents,
        shippingMethod: method,
        taxCents: q.taxCents,
        tax: q.tax,
        totalCents: q.totalCents,
      }}
    />
  );
}
