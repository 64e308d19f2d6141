import type { Metadata } from "next";
import Link from "next/link";
import { CheckoutForm } from "@/components/checkout/checkout-form";
import { defaultAddress } from "@/lib/account/addresses";
import { OrderSummary } from "@/components/checkout/order-summary";
import { currentUser } from "@/lib/auth/current-user";
import { readCart } from "@/lib/cart/cart";
import { readCartToken } from "@/lib/cart/cookie";
import { COUNTRIES } from "@/lib/checkout/countries";
import { CheckoutTotals } from "@/components/checkout/checkout-totals";
import { ShippingMethodChoice } from "@/components/checkout/shipping-method-choice";
import { env } from "@/lib/env";
import { db } from "@/lib/db";
import { checkoutChallengeGate } from "@/lib/checkout/limits";
import { requestContext } from "@/lib/http/request-context";
import { UNKNOWN_CLIENT_IP } from "@/lib/net/client-ip";
import { checkoutAction } from "./actions";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  const [cartToken, user, request] = await Promise.all([readCartToken(), currentUser(), requestContext()]);
  const cart = await readCart(db(), cartToken);
  if (cart.lines.length === 0) {
    return (
      <div>
        <h1 className="text-3xl font-bold">Checkout</h1>
        <p className="mt-4">
          Your cart is empty.{" "}
          <Link href="/" className="text-blue-800 underline">
            Continue shopping
          </Link>
        </p>
      </div>
    );
  }
  // The bot check is shown when a start would need it now (the breaker is open, or this client is
  // past the soft limit); the server asks for it anyway if that changes before Pay is pressed.
  const due = await checkoutChallengeGate().demand({
    ip: request.ip === UNKNOWN_CLIENT_IP ? null : request.ip,
    cartToken,
  });
  const countries = Object.entries(COUNTRIES).sort((a, b) => a[1].localeCompare(b[1]));
  // The summary and the method prices follow the form's country; the server prices the order again.
  // A signed-in customer's default address fills in the form (their address book, /account/addresses).
  const saved = await defaultAddress(db(), user);
  const pricing = {
    currency: cart.currency,
    subtotalCents: cart.subtotalCents,
    freeShippingMinCents: env().FREE_SHIPPING_MIN_CENTS,
    defaultCountry: saved?.country ?? "US",
  };
  // On a phone the summary (with the total) comes first, above the form and its Pay button;
  // from md up it is the sidebar on the right.
  return (
    <div>
      <h1 className="mb-4 text-3xl font-bold">Checkout</h1>
      <div className="grid gap-6 md:grid-cols-[2fr_1fr] md:gap-10">
        <OrderSummary
          lines={cart.lines}
          currency={cart.currency}
          totals={
            <CheckoutTotals
              {...pricing}
              lines={cart.lines.map(({ unitPriceCents, quantity }) => ({ unitPriceCents, quantity }))}
            />
          }
          className="md:col-start-2 md:row-start-1 md:self-start"
        />
        <section aria-labelledby="details-heading" className="md:col-start-1 md:row-start-1">
          <h2 id="details-heading" className="mb-4 text-xl font-semibold">
            Contact and shipping
          </h2>
          <CheckoutForm
            action={checkoutAction}
            countries={countries}
            defaultEmail={user?.email}
            defaultAddress={saved}
            challengeRequired={due.required}
            shippingChoice={<ShippingMethodChoice {...pricing} />}
          />
          <p className="mt-6 text-sm">
            <Link href="/security" className="text-blue-800 underline">
              How we protect your data
            </Link>
          </p>
        </section>
      </div>
    </div>
  );
}
