import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrderDetails } from "@/components/orders/order-details";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyOrderCapability } from "@/lib/orders/guest-link";
import { findOrderForGuest } from "@/lib/orders/queries";

// The guest link from the order emails. Read-only; a forged or altered link is a plain 404.
export const metadata: Metadata = { title: "Your order", robots: { index: false }, referrer: "no-referrer" };

export default async function TrackOrderPage({ params }: { params: Promise<{ capability: string }> }) {
  const orderId = verifyOrderCapability(env().AUTH_SECRET, decodeURIComponent((await params).capability));
  const order = orderId ? await findOrderForGuest(db(), orderId) : null;
  if (!order) notFound();
  return <OrderDetails order={order} />;
}
