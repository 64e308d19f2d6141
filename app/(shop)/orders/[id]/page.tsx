import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { OrderDetails } from "@/components/orders/order-details";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { findOrderForUser } from "@/lib/orders/queries";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

// A signed-in customer's own order. The query is scoped to the user: someone else's id is a 404.
export default async function OrderPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await currentUser();
  const { id } = await params;
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/orders/${id}`)}`);
  const order = await findOrderForUser(db(), user.id, id);
  if (!order) notFound();
  return <OrderDetails order={order} />;
}
