import type { Metadata } from "next";
import Link from "next/link";
import { OrderDetails } from "@/components/orders/order-details";
import { PaymentProgress } from "@/components/orders/payment-progress";
import { rememberedOrder } from "@/lib/checkout/cookie";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyOrderCapability } from "@/lib/orders/guest-link";
import { paymentOutcome } from "@/lib/orders/payment-outcome";
import { findOrderForGuest } from "@/lib/orders/queries";

export const metadata: Metadata = { title: "Thank you", robots: { index: false } };

// Back from the payment page. The order shown is the one this browser started (its capability
// cookie); query parameters such as session_id are ignored and never sign anyone in. Until the
// provider's webhook lands the message follows the payment by itself (PaymentProgress).
export default async function CheckoutReturnPage() {
  const orderId = verifyOrderCapability(env().AUTH_SECRET, await rememberedOrder());
  const order = orderId ? await findOrderForGuest(db(), orderId) : null;
  if (!order) {
    return (
      <div>
        <h1 className="text-3xl font-bold">We could not find your order in this browser</h1>
        <p className="mt-3">If you paid, we have emailed you a link to your order.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <PaymentProgress orderId={order.id} outcome={paymentOutcome(order.status)} />
      <OrderDetails order={order} />
      <p>
        <Link href="/" className="text-blue-800 underline">
          Continue shopping
        </Link>
      </p>
    </div>
  );
}
