import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Price } from "@/components/catalog/price";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { listOrdersForUser } from "@/lib/orders/queries";
import { ORDER_STATUS_LABEL } from "@/lib/orders/status";
import { LocalDate } from "@/components/layout/local-date";

export const metadata: Metadata = { title: "Your orders" };

export default async function OrdersPage() {
  const user = await currentUser();
  if (!user) redirect("/signin?callbackUrl=%2Forders");
  const orders = await listOrdersForUser(db(), user.id);
  return (
    <div>
      <h1 className="mb-6 text-3xl font-bold">Your orders</h1>
      {orders.length === 0 ? (
        <p>You have no orders yet.</p>
      ) : (
        <ul className="divide-y divide-gray-200 border-y border-gray-200" aria-label="Your orders">
          {orders.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
              <Link href={`/orders/${o.id}`} className="font-semibold text-blue-800 underline">
                Order {o.reference}
              </Link>
              <span>
                <LocalDate value={o.createdAt} style="date" />
              </span>
              <span>{ORDER_STATUS_LABEL[o.status]}</span>
              <Price cents={o.totalCents} currency={o.currency} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
