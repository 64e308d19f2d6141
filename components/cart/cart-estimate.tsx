import { OrderAmounts } from "@/components/checkout/order-amounts";
import type { CartView } from "@/lib/cart/cart";
import { COUNTRIES } from "@/lib/checkout/countries";
import { quote } from "@/lib/checkout/pricing";

/** Shipping and tax as they would be for `country` with standard shipping; checkout prices the real order. */
export function CartEstimate({
  cart,
  country,
  freeShippingMinCents,
}: {
  cart: CartView;
  country: string;
  freeShippingMinCents: number;
}) {
  const q = quote({ country, method: "standard", lines: cart.lines, freeShippingMinCents });
  return (
    <section aria-labelledby="estimate-heading" className="w-full max-w-sm" data-testid="cart-estimate">
      <h2 id="estimate-heading" className="text-base font-semibold">
        Estimate for {COUNTRIES[country]}
      </h2>
      <OrderAmounts
        totalLabel="Estimated total"
        amounts={{
          currency: cart.currency,
          subtotalCents: q.subtotalCents,
          shippingCents: q.shipping.cents,
          shippingMethod: "standard",
          taxCents: q.taxCents,
          tax: q.tax,
          totalCents: q.totalCents,
        }}
      />
      <p className="mt-1 text-sm text-gray-800">Choose the destination and express shipping at checkout.</p>
    </section>
  );
}
