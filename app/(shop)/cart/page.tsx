import type { Metadata } from "next";
import Link from "next/link";
import { CartLineControls } from "@/components/cart/cart-line-controls";
import { Price } from "@/components/catalog/price";
import { ProductPicture } from "@/components/catalog/product-picture";
import { readCart } from "@/lib/cart/cart";
import { readCartToken } from "@/lib/cart/cookie";
import { newRequestKey } from "@/lib/cart/request-keys";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import { CartEstimate } from "@/components/cart/cart-estimate";
import { COUNTRIES } from "@/lib/checkout/countries";
import { db } from "@/lib/db";
import { removeCartLineAction, updateCartLineAction } from "./actions";
import { env } from "@/lib/env";
import { requestContext } from "@/lib/http/request-context";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  const [cart, request] = await Promise.all([readCart(db(), await readCartToken()), requestContext()]);
  // The estimate is for the shopper's country as far as the address tells, else the store's own.
  const country = request.country && request.country in COUNTRIES ? request.country : "US";
  return (
    <div>
      <h1 className="mb-6 text-3xl font-bold">Your cart</h1>
      {cart.lines.length === 0 ? (
        <p>
          Your cart is empty.{" "}
          <Link href="/" className="text-blue-800 underline">
            Continue shopping
          </Link>
        </p>
      ) : (
        <>
          <ul aria-label="Items in your cart" className="divide-y divide-gray-200 border-y border-gray-200">
            {cart.lines.map((line) => (
              <li key={line.variantId} className="flex flex-wrap items-center gap-4 py-4" data-testid="cart-line">
                <ProductPicture
                  src={line.imagePath}
                  alt=""
                  size={80}
                  sizes="80px"
                  className="aspect-square rounded border border-gray-200 object-cover"
                />
                <div className="min-w-48 flex-1">
                  <Link href={`/product/${line.slug}`} className="font-semibold text-gray-900 hover:underline">
                    {line.name}
                  </Link>
                  {line.variantTitle ? <p className="text-sm text-gray-800">{line.variantTitle}</p> : null}
                  <p className="text-sm text-gray-800">
                    <Price cents={line.unitPriceCents} currency={cart.currency} /> each
                  </p>
                  {!line.available ? (
                    <p className="text-sm font-medium text-red-800">
                      Only {line.stock} left: lower the quantity to check out.
                    </p>
                  ) : null}
                </div>
                <CartLineControls
                  actions={{ update: updateCartLineAction, remove: removeCartLineAction }}
                  variantId={line.variantId}
                  name={line.variantTitle ? `${line.name}, ${line.variantTitle}` : line.name}
                  quantity={line.quantity}
                  max={Math.min(MAX_LINE_QUANTITY, Math.max(line.stock, 1))}
                  requestKey={newRequestKey()}
                />
                <Price cents={line.lineTotalCents} currency={cart.currency} className="w-24 text-right font-semibold" />
              </li>
            ))}
          </ul>
          <div className="mt-6 flex flex-col items-end gap-2">
            <p className="text-lg" data-testid="cart-subtotal">
              Subtotal: <Price cents={cart.subtotalCents} currency={cart.currency} className="font-bold" />
            </p>
            <CartEstimate cart={cart} country={country} freeShippingMinCents={env().FREE_SHIPPING_MIN_CENTS} />
            {cart.lines.every((l) => l.available) ? (
              <Link
                href="/checkout"
                className="rounded bg-blue-700 px-5 py-2 text-lg font-semibold text-white hover:bg-blue-800"
              >
                Checkout
              </Link>
            ) : (
              <p className="text-red-800">Lower the highlighted quantities to check out.</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
